#!/usr/bin/env bash
# Set up everything orggraph needs, idempotently:
#   * system packages graphviz (dot), fonts-noto-cjk (Chinese font), librsvg2-bin
#     (rsvg-convert) and chromium (the browser the explorer's tests drive through
#     Playwright), installed with apt-get when missing and when we are allowed to
#     (root, or passwordless sudo); otherwise the command to run is printed;
#   * a project-local virtualenv .venv with `pip install -e '.[dev]'`.
# A second run is quick: pip is skipped while .venv exists and .setup-stamp is newer
# than pyproject.toml.
#
# Options:  -q, --quiet   only print warnings and errors (the install log is shown on failure)
# Environment:
#   ORGGRAPH_NO_APT=1   never use apt-get / sudo; behave as if not permitted
#   PYTHON=...          interpreter used to create .venv (default: python3 on PATH)
set -euo pipefail

QUIET=0
for arg in "$@"; do
    case "$arg" in
        -q|--quiet) QUIET=1 ;;
        -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "setup.sh: unknown argument: $arg" >&2; exit 2 ;;
    esac
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
VENV=$ROOT/.venv
STAMP=$ROOT/.setup-stamp
PYTHON=${PYTHON:-python3}
APT_HINT="sudo apt-get install -y graphviz fonts-noto-cjk librsvg2-bin chromium"

export DEBIAN_FRONTEND=noninteractive
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1

info() { [ "$QUIET" = 1 ] || echo "setup: $*"; }
warn() { echo "setup: WARNING: $*" >&2; }
die()  { echo "setup: ERROR: $*" >&2; exit 1; }

# Run a command; in quiet mode keep its output in a log and show it only on failure.
LOG=$(mktemp "${TMPDIR:-/tmp}/orggraph-setup.XXXXXX")
trap 'rm -f "$LOG"' EXIT
run() {
    if [ "$QUIET" = 1 ]; then
        if ! "$@" >"$LOG" 2>&1; then
            cat "$LOG" >&2
            die "command failed: $*"
        fi
    else
        "$@" || die "command failed: $*"
    fi
}

# ---------------------------------------------------------------- apt permission
SUDO=()
apt_permitted() {
    [ "${ORGGRAPH_NO_APT:-0}" != 1 ] || return 1
    command -v apt-get >/dev/null 2>&1 || return 1
    if [ "$(id -u)" = 0 ]; then
        SUDO=()
        return 0
    fi
    if command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
        SUDO=(sudo -n)
        return 0
    fi
    return 1
}

APT_UPDATED=0
apt_install() {
    if [ "$APT_UPDATED" = 0 ]; then
        info "apt-get update"
        run ${SUDO[@]+"${SUDO[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get update -q
        APT_UPDATED=1
    fi
    info "apt-get install -y $*"
    run ${SUDO[@]+"${SUDO[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
}

# ---------------------------------------------------------------- system packages
have_dot()   { command -v dot >/dev/null 2>&1; }
# Not `fc-list | grep -q`: under `set -o pipefail` grep -q exits at the first match, fc-list
# may then die of SIGPIPE and the pipeline would fail at random. Let grep read everything.
have_cjk()   { command -v fc-list >/dev/null 2>&1 && fc-list 2>/dev/null | grep -i 'Noto Sans CJK' >/dev/null; }
have_rsvg()  { command -v rsvg-convert >/dev/null 2>&1; }
have_chromium() { command -v chromium >/dev/null 2>&1; }

missing=()
have_dot  || missing+=(graphviz)
have_cjk  || missing+=(fonts-noto-cjk)
have_rsvg || missing+=(librsvg2-bin)
# Debian's own Chromium: Playwright drives it (`playwright install` is not needed).
have_chromium || missing+=(chromium)
# fc-list/fc-cache live in the fontconfig package, which the font does not pull in.
command -v fc-list >/dev/null 2>&1 || missing+=(fontconfig)

if [ "${#missing[@]}" -eq 0 ]; then
    info "system packages present (dot, Noto Sans CJK, rsvg-convert, chromium)"
elif apt_permitted; then
    cjk_before=0
    have_cjk && cjk_before=1
    apt_install "${missing[@]}"
    if [ "$cjk_before" = 0 ]; then
        # Fonts were just installed: refresh fontconfig's cache and drop matplotlib's
        # stale font list so it rescans and finds Noto Sans CJK.
        if command -v fc-cache >/dev/null 2>&1; then
            info "fc-cache -f"
            run fc-cache -f
        fi
        rm -f "${XDG_CACHE_HOME:-$HOME/.cache}"/matplotlib/fontlist-*.json
        [ -z "${MPLCONFIGDIR:-}" ] || rm -f "$MPLCONFIGDIR"/fontlist-*.json
    fi
    have_dot  || warn "graphviz was installed but 'dot' is still not on PATH"
    have_cjk  || warn "fonts-noto-cjk was installed but fc-list does not list 'Noto Sans CJK'"
    have_rsvg || warn "librsvg2-bin was installed but 'rsvg-convert' is still not on PATH"
    have_chromium || warn "chromium was installed but 'chromium' is still not on PATH"
else
    hint=$APT_HINT
    command -v fc-list >/dev/null 2>&1 || hint="$hint fontconfig"
    warn "missing system packages: ${missing[*]}"
    warn "not permitted to install them (not root, no passwordless sudo, or ORGGRAPH_NO_APT=1)."
    warn "Run this yourself, then re-run the script:"
    echo "    $hint" >&2
    warn "continuing; chart rendering will not work and tests needing 'dot' or chromium will be skipped."
fi

# ---------------------------------------------------------------- python + venv
command -v "$PYTHON" >/dev/null 2>&1 || die "'$PYTHON' not found on PATH (need Python >= 3.10; on Debian: sudo apt-get install -y python3 python3-venv)"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
    || die "$PYTHON ($(command -v "$PYTHON"), $("$PYTHON" --version 2>&1)) is too old or broken; orggraph needs Python >= 3.10"

venv_ok() { [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -m pip --version >/dev/null 2>&1; }

if [ -d "$VENV" ] && venv_ok && [ -f "$STAMP" ] && [ "$STAMP" -nt pyproject.toml ]; then
    info ".venv is up to date (delete .setup-stamp to force a reinstall)"
    exit 0
fi

if ! venv_ok; then
    # Debian's system python ships without ensurepip; it comes with python3-venv.
    if ! "$PYTHON" -c 'import ensurepip' >/dev/null 2>&1; then
        if [ "$(command -v "$PYTHON")" = /usr/bin/python3 ] && apt_permitted; then
            apt_install python3-venv
        else
            die "'$PYTHON' cannot create virtualenvs (no ensurepip). On Debian/Ubuntu run: sudo apt-get install -y python3-venv"
        fi
    fi
    info "creating .venv with $("$PYTHON" -c 'import sys; print(sys.executable, sys.version.split()[0])')"
    rm -rf "$VENV"
    run "$PYTHON" -m venv "$VENV"
fi

rm -f "$STAMP"
info "pip install -e '.[dev]' (into .venv)"
if [ "$QUIET" = 1 ]; then
    run "$VENV/bin/python" -m pip install -q -e '.[dev]'
else
    run "$VENV/bin/python" -m pip install -e '.[dev]'
fi
touch "$STAMP"
info "done: .venv ready ($("$VENV/bin/python" --version))"
