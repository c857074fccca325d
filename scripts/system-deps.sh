#!/usr/bin/env bash
# Install the Debian packages the toolkit needs, only those missing.
#   libpango-1.0-0 libpangoft2-1.0-0  WeasyPrint's text layout (PDF brief)
#   fonts-dejavu-core                 fallback font for symbols
#   poppler-utils                     pdftoppm, to check PDF pages in tests
#   chromium                          headless rendering tests of the HTML reports
#   libreoffice-impress               renders the slide decks to PNG for the visual check in tests
#   postgresql                        initdb/pg_ctl: the database-source test starts a throw-away server
set -euo pipefail
need=()
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib libpango-1.0.so.0 || need+=(libpango-1.0-0)
have_lib libpangoft2-1.0.so.0 || need+=(libpangoft2-1.0-0)
[ -d /usr/share/fonts/truetype/dejavu ] || need+=(fonts-dejavu-core)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
command -v chromium >/dev/null || need+=(chromium)
command -v soffice >/dev/null || need+=(libreoffice-impress)
command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
((${#need[@]})) || exit 0
if ! command -v apt-get >/dev/null; then
  echo "system-deps: missing ${need[*]}; install them with your package manager" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "system-deps: missing ${need[*]} and no root: PDF/browser checks will skip (install them as root)" >&2
    exit 0
  fi
fi
echo "system-deps: installing ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
