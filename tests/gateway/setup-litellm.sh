#!/usr/bin/env bash
# Create the LiteLLM venv the gateway lab runs its proxy from:
#   ${COWORK3P_LAB}/venv-llm with litellm[proxy]==LITELLM_VERSION and prisma (pinned).
# Does nothing when the venv already holds those versions (~25-50 s and ~750 MB otherwise).
# prisma is only there so LiteLLM answers a missing key with a clean 401 (500 without it).
# COWORK3P_LAB_PYTHON picks the interpreter for the venv (default: Debian's /usr/bin/python3).
# Newer LiteLLM (1.110+) needs a litellm-proxy wheel of the same version that the index lacks.
set -euo pipefail

LAB=${COWORK3P_LAB:?set COWORK3P_LAB to a scratch folder outside the repository}
LITELLM_VERSION=1.108.7
PRISMA_VERSION=0.15.0
PYTHON=${COWORK3P_LAB_PYTHON:-/usr/bin/python3}
VENV="$LAB/venv-llm"

installed_version() {
    "$VENV/bin/python" - <<'PY' 2>/dev/null || true
from importlib.metadata import version
print(version("litellm"), version("prisma"))
PY
}

if [ -x "$VENV/bin/litellm" ] && [ "$(installed_version)" = "$LITELLM_VERSION $PRISMA_VERSION" ]; then
    echo "setup-litellm: $VENV already has litellm $LITELLM_VERSION and prisma $PRISMA_VERSION"
    exit 0
fi

mkdir -p "$LAB"
rm -rf "$VENV"
"$PYTHON" -m venv "$VENV"
pip_args=(--disable-pip-version-check -q)
if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
    pip_args+=(--cert /etc/ssl/certs/ca-certificates.crt)
fi
"$VENV/bin/python" -m pip install "${pip_args[@]}" "litellm[proxy]==$LITELLM_VERSION" "prisma==$PRISMA_VERSION"
"$VENV/bin/litellm" --version >/dev/null 2>&1 || true
echo "setup-litellm: installed litellm $LITELLM_VERSION and prisma $PRISMA_VERSION into $VENV"
