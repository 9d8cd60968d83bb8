#!/usr/bin/env bash
# Stop the SSH test hosts started by lo-up.sh, by PID file only (idempotent).
#
# Environment: COWORK3P_LAB, COWORK3P_LAB_NAME, COWORK3P_LAB_ONLY as for lo-up.sh, and
#   COWORK3P_LAB_KEEP=1   keep the hosts' private files (default: wipe them, so the next run starts clean)
set -euo pipefail

LAB=${COWORK3P_LAB:?set COWORK3P_LAB to a scratch directory outside the repository}
STATE="$LAB/${COWORK3P_LAB_NAME:-lossh}"
[ -d "$STATE" ] || exit 0

hosts=()
if [ -n "${COWORK3P_LAB_ONLY:-}" ]; then
    for i in $COWORK3P_LAB_ONLY; do hosts+=("$STATE/h$i"); done
else
    for d in "$STATE"/h*; do [ -d "$d" ] && hosts+=("$d"); done
fi

for d in "${hosts[@]}"; do
    pidfile="$d/sshd.pid"
    if [ -s "$pidfile" ]; then
        pid=$(cat "$pidfile")
        # Only signal the PID if it still is an sshd (PIDs get reused).
        if [ -r "/proc/$pid/comm" ] && [ "$(cat "/proc/$pid/comm")" = "sshd" ]; then
            kill "$pid"
            # wait for the exit; a zombie (state Z, nobody reaps it inside some sandboxes) counts as gone
            for _ in $(seq 1 50); do
                [ -e "/proc/$pid" ] || break
                grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null && break
                sleep 0.1
            done
        fi
    fi
    rm -f "$pidfile"
    # End the processes left in the host's own mount namespace (SSH sessions kept open by ControlPersist).
    if [ -s "$d/mntns" ]; then
        ns=$(cat "$d/mntns")
        if [ "$ns" != "$(readlink /proc/1/ns/mnt)" ]; then
            for p in /proc/[0-9]*; do
                if [ "$(readlink "$p/ns/mnt" 2>/dev/null)" = "$ns" ]; then kill "${p#/proc/}" 2>/dev/null || true; fi
            done
        fi
        rm -f "$d/mntns"
    fi
    if [ "${COWORK3P_LAB_KEEP:-0}" != "1" ] && [ -d "$d/root" ]; then
        rm -rf "${d:?}/root"
    fi
done
exit 0
