#!/usr/bin/env bash
# Start SSH test hosts on loopback for cowork3p.fleet tests (idempotent).
#
# Each host is an sshd listening on ${COWORK3P_LAB_NET}.(10+i):${COWORK3P_LAB_PORT}, started in its own
# mount+UTS namespace: own hostname (lo-hN) and private copies of every path the role writes:
#   /etc/claude-desktop            <- $STATE/hN/root/etc-claude-desktop
#   /Library/Managed Preferences   <- $STATE/hN/root/managed-preferences
#   /Users                         <- $STATE/hN/root/users   (home directories for config_library)
# so the hosts never overwrite each other's files or the build machine's. The three mount points are
# created (empty) on the root filesystem if missing and are never removed: another lab may use them.
#
# Environment:
#   COWORK3P_LAB        scratch directory outside the repository (required)
#   COWORK3P_LAB_NAME   lab name, state lives in $COWORK3P_LAB/$COWORK3P_LAB_NAME (default: lossh)
#   COWORK3P_LAB_HOSTS  number of hosts (default: 3)
#   COWORK3P_LAB_NET    first three octets of the loopback addresses (default: 127.77.0)
#   COWORK3P_LAB_PORT   sshd port (default: 2477)
#   COWORK3P_LAB_ONLY   space-separated host numbers to start (default: all)
# The stop script is lo-down.sh (same variables). Every sshd is stopped by its PID file.
set -euo pipefail

LAB=${COWORK3P_LAB:?set COWORK3P_LAB to a scratch directory outside the repository}
NAME=${COWORK3P_LAB_NAME:-lossh}
N=${COWORK3P_LAB_HOSTS:-3}
NET=${COWORK3P_LAB_NET:-127.77.0}
PORT=${COWORK3P_LAB_PORT:-2477}
ONLY=${COWORK3P_LAB_ONLY:-$(seq -s ' ' 1 "$N")}
STATE="$LAB/$NAME"
MOUNTS=("/etc/claude-desktop" "/Library/Managed Preferences" "/Users")
PRIVATE=("etc-claude-desktop" "managed-preferences" "users")

running() {
    local pidfile=$1 pid
    [ -s "$pidfile" ] || return 1
    pid=$(cat "$pidfile")
    [ -r "/proc/$pid/comm" ] && [ "$(cat "/proc/$pid/comm")" = "sshd" ]
}

mkdir -p "$STATE" /run/sshd
for m in "${MOUNTS[@]}"; do mkdir -p "$m"; done
[ -f "$STATE/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C cowork3p-lab -f "$STATE/id_ed25519"
cp "$STATE/id_ed25519.pub" "$STATE/authorized_keys"
chmod 600 "$STATE/authorized_keys"

for i in $ONLY; do
    d="$STATE/h$i"
    if running "$d/sshd.pid"; then
        continue
    fi
    mkdir -p "$d/root"
    for p in "${PRIVATE[@]}"; do mkdir -p "$d/root/$p"; done
    chmod 0755 "$d/root" "$d/root/"*
    [ -f "$d/ssh_host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -f "$d/ssh_host_ed25519_key"
    printf '%s\n' \
        "ListenAddress $NET.$((10 + i)):$PORT" \
        "HostKey $d/ssh_host_ed25519_key" \
        "PidFile $d/sshd.pid" \
        "PermitRootLogin prohibit-password" \
        "PasswordAuthentication no" \
        "KbdInteractiveAuthentication no" \
        "AuthorizedKeysFile $STATE/authorized_keys" \
        "StrictModes no" \
        "UsePAM no" \
        "MaxStartups 100:30:200" \
        "MaxSessions 50" \
        "Subsystem sftp internal-sftp" \
        "LogLevel ERROR" > "$d/sshd_config"
    rm -f "$d/sshd.pid"
    # shellcheck disable=SC2016  # the inner script expands its own positional parameters
    # Inside the new namespace: hostname, private bind mounts, then sshd (daemonises, writes its PID file).
    unshare --mount --uts --propagation private /bin/sh -ec '
        hostname "$1"; shift
        d=$1; shift
        mount --bind "$d/root/etc-claude-desktop" /etc/claude-desktop
        mount --bind "$d/root/managed-preferences" "/Library/Managed Preferences"
        mount --bind "$d/root/users" /Users
        exec /usr/sbin/sshd -f "$d/sshd_config"
    ' lab-sh "lo-h$i" "$d"
done

# Daemon-mode sshd exits 0 even when the address is taken: the PID file is the only reliable signal.
for i in $ONLY; do
    for _ in $(seq 1 50); do
        running "$STATE/h$i/sshd.pid" && break
        sleep 0.1
    done
    running "$STATE/h$i/sshd.pid" || { echo "sshd h$i did not start on $NET.$((10 + i)):$PORT (address in use?)" >&2; exit 1; }
    # Remember the host's mount namespace: lo-down.sh also ends the SSH sessions living in it (ansible's
    # ControlPersist keeps them after a run; a later run must not reuse a session into a stopped host).
    readlink "/proc/$(cat "$STATE/h$i/sshd.pid")/ns/mnt" > "$STATE/h$i/mntns"
done
echo "lab $NAME: hosts $ONLY up on $NET.x:$PORT (key $STATE/id_ed25519)"
