#!/bin/sh
# Add CaseReview to the desktop menu (and the `casereview` command to ~/.local/bin).
# Run from the unpacked CaseReview folder:   ./install-desktop-entry.sh
# For every user (as root, e.g. with the folder in /opt/CaseReview):  sudo ./install-desktop-entry.sh --system
# Remove again with:  ./install-desktop-entry.sh --remove   (the program folder itself is left alone)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
if [ "${1:-}" = "--system" ]; then
  APPS=/usr/share/applications; BIN=/usr/local/bin
else
  APPS="${XDG_DATA_HOME:-$HOME/.local/share}/applications"; BIN="$HOME/.local/bin"
fi
if [ "${1:-}" = "--remove" ]; then
  rm -f "$APPS/casereview.desktop" "$BIN/casereview" "$BIN/casereview-gui"
  echo "已移除菜单项和命令链接（程序文件夹与评查数据未删除）。"
  exit 0
fi
mkdir -p "$APPS" "$BIN"
# Absolute paths: the folder can live anywhere (home, /opt, a USB stick).
sed -e "s|^Exec=.*|Exec=\"$HERE/casereview-gui\"|" -e "s|^Icon=.*|Icon=$HERE/casereview.png|" \
  "$HERE/casereview.desktop" > "$APPS/casereview.desktop"
chmod 644 "$APPS/casereview.desktop"
ln -sf "$HERE/casereview" "$BIN/casereview"
ln -sf "$HERE/casereview-gui" "$BIN/casereview-gui"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$APPS" >/dev/null 2>&1 || true
echo "已添加菜单项：$APPS/casereview.desktop"
echo "命令行：$BIN/casereview（若找不到命令，请把 $BIN 加入 PATH）"
