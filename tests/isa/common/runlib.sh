# shellcheck shell=bash
# Shell helpers shared by tests/isa/run.sh and tests/diff/run.sh (sourced).

# xfail_load FILE: read "backend/name" globs (comments after '#') into XFAIL_PATS.
XFAIL_PATS=()
xfail_load() {
    local line
    [ -f "$1" ] || return 0
    while IFS= read -r line || [ -n "$line" ]; do
        line=${line%%#*}
        line=${line//[[:space:]]/}
        [ -n "$line" ] && XFAIL_PATS+=("$line")
    done <"$1"
}

# is_xfail KEY: true if KEY ("backend/name") matches an XFAIL glob.
is_xfail() {
    local p
    for p in "${XFAIL_PATS[@]+"${XFAIL_PATS[@]}"}"; do
        # shellcheck disable=SC2053
        [[ $1 == $p ]] && return 0
    done
    return 1
}

# report KEY OK REASON: print PASS/FAIL/XFAIL/XPASS for one result.
report() {
    local key=$1 ok=$2 reason=$3
    if is_xfail "$key"; then
        if [ "$ok" = 1 ]; then echo "XPASS $key"; else echo "XFAIL $key: $reason"; fi
    else
        if [ "$ok" = 1 ]; then echo "PASS $key"; else echo "FAIL $key: $reason"; fi
    fi
}

# Run at most JOBS background jobs at a time.
job_wait_slot() {
    while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do
        wait -n 2>/dev/null || true
    done
}

# vireo_backends: the Vireo runs to do, or nothing if the binary is missing.
vireo_backends() {
    if [ -x "$VIREO" ]; then echo "interp jit"; fi
}
