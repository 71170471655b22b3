# wine_run EXE ARGS...: runs a console .exe under wine with the caller's WINEPREFIX (Debian's
# `wine` starts its 64-bit loader, from the wine64 package, for a 64-bit .exe), making the prefix
# once (wineboot) so the first real run does not print its creation messages.
wine_run() {
  if [ ! -f "$WINEPREFIX/system.reg" ]; then
    wineboot --init >/dev/null 2>&1 || true
    wineserver --wait 2>/dev/null || true
  fi
  wine "$@"
}
