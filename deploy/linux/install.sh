#!/usr/bin/env bash
# Make a Debian/Ubuntu PC a venue kiosk: a `kiosk` user that logs in by itself on tty1,
# starts X with the kiosk alone (no desktop), the kiosk as a systemd user service with a
# watchdog, and no screen blanking. Run as root from a checkout (or with --package):
#
#   sudo deploy/linux/install.sh                     install from this checkout
#   sudo deploy/linux/install.sh --package FILE.whl  install a built wheel (Ansible does)
#   KIOSK_USER=signage sudo -E deploy/linux/install.sh
#
# Content goes in /home/kiosk/kiosk-content (copy it there, or let Syncthing fill it:
# docs/install-linux.md). Safe to run again: it updates the kiosk and keeps the content.
set -euo pipefail

KIOSK_USER=${KIOSK_USER:-kiosk}
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
PACKAGE="$SRC"
while [ $# -gt 0 ]; do
    case "$1" in
        --package) PACKAGE=$2; shift 2 ;;
        --user) KIOSK_USER=$2; shift 2 ;;
        *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
if [ "$(id -u)" -ne 0 ]; then
    echo "install.sh: run it as root (sudo)" >&2
    exit 2
fi

echo "== system packages"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq python3 python3-venv xserver-xorg xinit x11-xserver-utils \
    x11-utils xterm libgl1 libegl1 libmtdev1 >/dev/null

echo "== the $KIOSK_USER user"
if ! id "$KIOSK_USER" >/dev/null 2>&1; then
    useradd --create-home --shell /bin/bash "$KIOSK_USER"
fi
# the screen, touch devices and sound
for group in video input audio render tty; do
    getent group "$group" >/dev/null && usermod -aG "$group" "$KIOSK_USER"
done
HOME_DIR=$(getent passwd "$KIOSK_USER" | cut -d: -f6)
as_kiosk() { runuser -u "$KIOSK_USER" -- "$@"; }

echo "== the kiosk in $HOME_DIR/renkei-kiosk/.venv"
install -d -o "$KIOSK_USER" -g "$KIOSK_USER" "$HOME_DIR/renkei-kiosk" "$HOME_DIR/kiosk-content" \
    "$HOME_DIR/.config/systemd/user/default.target.wants" "$HOME_DIR/.config/renkei-kiosk"
[ -x "$HOME_DIR/renkei-kiosk/.venv/bin/python" ] || as_kiosk python3 -m venv "$HOME_DIR/renkei-kiosk/.venv"
if [ -d "$PACKAGE" ]; then
    # a copy the kiosk user can read (the checkout may be in root's home)
    rm -rf "$HOME_DIR/renkei-kiosk/src"
    install -d -o "$KIOSK_USER" -g "$KIOSK_USER" "$HOME_DIR/renkei-kiosk/src"
    tar -C "$PACKAGE" --exclude=.venv --exclude=.git -cf - . | as_kiosk tar -C "$HOME_DIR/renkei-kiosk/src" -xf -
    PACKAGE="$HOME_DIR/renkei-kiosk/src"
else
    cp "$PACKAGE" "$HOME_DIR/renkei-kiosk/" && chown "$KIOSK_USER:" "$HOME_DIR/renkei-kiosk/$(basename "$PACKAGE")"
    PACKAGE="$HOME_DIR/renkei-kiosk/$(basename "$PACKAGE")"
fi
as_kiosk "$HOME_DIR/renkei-kiosk/.venv/bin/python" -m pip install -q --upgrade pip
as_kiosk "$HOME_DIR/renkei-kiosk/.venv/bin/python" -m pip install -q --upgrade "$PACKAGE"

echo "== the service, the session and the auto-login"
install -o "$KIOSK_USER" -g "$KIOSK_USER" -m 644 "$HERE/renkei-kiosk.service" "$HOME_DIR/.config/systemd/user/"
ln -sf ../renkei-kiosk.service "$HOME_DIR/.config/systemd/user/default.target.wants/renkei-kiosk.service"
install -o "$KIOSK_USER" -g "$KIOSK_USER" -m 755 "$HERE/kiosk-session" "$HOME_DIR/.config/renkei-kiosk/"
PROFILE="$HOME_DIR/.bash_profile"
MARK="# renkei-kiosk: start the kiosk session on tty1"
if ! grep -qF "$MARK" "$PROFILE" 2>/dev/null; then
    cat >>"$PROFILE" <<PROFILE_END
$MARK
if [ -z "\${DISPLAY:-}" ] && [ "\$(tty)" = /dev/tty1 ]; then
    exec startx "\$HOME/.config/renkei-kiosk/kiosk-session" -- -nocursor
fi
PROFILE_END
    chown "$KIOSK_USER:" "$PROFILE"
fi
install -d /etc/systemd/system/getty@tty1.service.d
cat >/etc/systemd/system/getty@tty1.service.d/autologin.conf <<AUTOLOGIN_END
[Service]
ExecStart=
ExecStart=-/sbin/agetty --autologin $KIOSK_USER --noclear %I \$TERM
AUTOLOGIN_END
# a desktop's display manager would take the screen: the PC boots to tty1 instead
if systemctl list-unit-files display-manager.service >/dev/null 2>&1 \
        && systemctl is-enabled display-manager.service >/dev/null 2>&1; then
    echo "   (disabling the display manager: the kiosk session replaces the desktop)"
    systemctl disable display-manager.service || true
fi
systemctl set-default multi-user.target >/dev/null

echo "== no blanking (X server) and the console"
install -d /etc/X11/xorg.conf.d
cat >/etc/X11/xorg.conf.d/10-renkei-kiosk-noblank.conf <<'XORG_END'
# renkei-kiosk: the X server never blanks or powers the screen down by itself (the kiosk
# lets the display sleep only while closed, when kiosk.yaml says closed: {mode: blank})
Section "ServerFlags"
    Option "BlankTime" "0"
    Option "StandbyTime" "0"
    Option "SuspendTime" "0"
    Option "OffTime" "0"
EndSection
XORG_END
# startx from the console is allowed for the logged-in console user (Debian's default)
if [ -f /etc/X11/Xwrapper.config ] && ! grep -q '^allowed_users=console' /etc/X11/Xwrapper.config; then
    echo "   note: /etc/X11/Xwrapper.config does not say allowed_users=console"
fi
systemctl daemon-reload

echo "== done: reboot, and the PC starts the kiosk by itself"
echo "   content: $HOME_DIR/kiosk-content (check it: sudo -u $KIOSK_USER $HOME_DIR/renkei-kiosk/.venv/bin/renkei-kiosk check --content $HOME_DIR/kiosk-content)"
