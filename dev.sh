#!/usr/bin/env bash
# One entry point for newcomers and CI on Debian/Ubuntu (Python 3.11+):
#   ./dev.sh run [renkei-kiosk run options]   set up, then run the kiosk on the sample content
#   ./dev.sh test [pytest options]            set up, then run lint, type checks, import contracts, every test
#   ./dev.sh setup                            only set up (.venv with the kiosk and its test tools)
set -euo pipefail
cd "$(dirname "$0")"

PY=${PYTHON:-python3}
VENV=.venv

need_apt=()
# venv/ensurepip (Debian splits them out of python3)
"$PY" -c 'import ensurepip, venv' 2>/dev/null || need_apt+=(python3-venv)
# OpenGL/EGL for Kivy's window (Mesa), mtdev for Linux touchscreens
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib 'libGL.so.1' || need_apt+=(libgl1)
have_lib 'libEGL.so.1' || need_apt+=(libegl1)
have_lib 'libmtdev.so.1' || need_apt+=(libmtdev1)
# tests on a real X display: Xvfb, a window manager, and the tools that read windows/pixels
command -v Xvfb >/dev/null || need_apt+=(xvfb)
command -v openbox >/dev/null || need_apt+=(openbox)
command -v xwininfo >/dev/null || need_apt+=(x11-utils)
command -v xwd >/dev/null || need_apt+=(x11-apps)
command -v xset >/dev/null || need_apt+=(x11-xserver-utils)
command -v xdotool >/dev/null || need_apt+=(xdotool)
# deploy/linux/renkei-kiosk.service is checked with systemd-analyze verify
command -v systemd-analyze >/dev/null || need_apt+=(systemd)
# the report test opens `renkei-kiosk report`'s HTML page in headless Chromium
command -v chromium >/dev/null || need_apt+=(chromium)

setup() {
    if [ ${#need_apt[@]} -gt 0 ]; then
        echo "dev.sh: installing system packages: ${need_apt[*]}"
        SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
        if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null; }; then
            echo "dev.sh: could not install ${need_apt[*]}; continuing (install them by hand if the kiosk fails to start)" >&2
        fi
    fi
    [ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
    # reinstall only when pyproject.toml changed
    stamp="$VENV/.renkei-setup-$(sha256sum pyproject.toml | cut -c1-16)"
    if [ ! -f "$stamp" ]; then
        "$VENV/bin/python" -m pip install -q --upgrade pip
        "$VENV/bin/python" -m pip install -q -e '.[test]'
        rm -f "$VENV"/.renkei-setup-*; touch "$stamp"
    fi
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
    setup) setup ;;
    run) setup; exec "$VENV/bin/renkei-kiosk" run "$@" ;;
    test)
        setup
        "$VENV/bin/ruff" check src tests bench
        "$VENV/bin/mypy" --platform linux
        "$VENV/bin/mypy" --platform win32
        # the layers in pyproject.toml [tool.importlinter] (docs/architecture.md)
        "$VENV/bin/lint-imports" --no-cache
        exec "$VENV/bin/python" -m pytest "$@"
        ;;
    *) sed -n '2,5p' "$0"; exit 2 ;;
esac
