#!/bin/sh
# workload.sh SCALE name... - busybox workloads timed by the host (bench/linux/run.sh)
# from the console lines they print:
#   BENCH-BEGIN <name>   BENCH-END <name>   BENCH-CHECK <name> <checksum>
# The checksum must be the same on every emulator.  Names: gen sha256 md5 gzip
# gunzip sort sh-arith forkexec (gen makes the data set the others use).
# shellcheck disable=SC2046  # file lists are split on purpose
SCALE=${1:-1}
shift
T=/tmp/bench
mkdir -p $T

n() { awk -v b="$1" -v s="$SCALE" 'BEGIN { v = int(b * s + 0.5); print v < 1 ? 1 : v }'; }
repeat() { c=$1; shift; i=0; while [ $i -lt "$c" ]; do "$@"; i=$((i + 1)); done; }
many() { c=$1; i=0; while [ $i -lt "$c" ]; do echo "$2"; i=$((i + 1)); done; }
sum() { md5sum | cut -d' ' -f1; }

w_gen() {
    awk -v n="$(n 20000)" 'BEGIN { srand(12345)
        for (i = 0; i < n; i++)
            printf "%08x %08x %d\n", int(rand() * 2147483647), int(rand() * 2147483647), i }' >$T/data
}
c_gen() { sum <$T/data; }
w_sha256() { sha256sum $(many "$(n 150)" $T/data) >$T/sha256; }
c_sha256() { sort -u $T/sha256 | cut -d' ' -f1; }
w_md5() { md5sum $(many "$(n 300)" $T/data) >$T/md5; }
c_md5() { sort -u $T/md5 | cut -d' ' -f1; }
gz() { gzip -9 -c <$T/data >$T/data.gz; }
w_gzip() { repeat "$(n 10)" gz; }
c_gzip() { sum <$T/data.gz; }
gunz() { gzip -dc <$T/data.gz >$T/data.out; }
w_gunzip() { [ -s $T/data.gz ] || gz; repeat "$(n 12)" gunz; }
c_gunzip() { sum <$T/data.out; }
so() { sort -k2 <$T/data >$T/sorted; }
w_sort() { repeat "$(n 3)" so; }
c_sort() { sum <$T/sorted; }
w_sh_arith() {
    lim=$(n 40000); i=0; s=0
    while [ $i -lt "$lim" ]; do s=$(((s * 31 + i) % 1000003)); i=$((i + 1)); done
    echo $s >$T/arith
}
c_sh_arith() { cat $T/arith; }
w_forkexec() {
    lim=$(n 300); i=0
    while [ $i -lt "$lim" ]; do /bin/busybox true; i=$((i + 1)); done
    echo $i >$T/fork
}
c_forkexec() { cat $T/fork; }

for w in "$@"; do
    f=$(echo "$w" | tr - _)
    case $f in
        gen | sha256 | md5 | gzip | gunzip | sort | sh_arith | forkexec) ;;
        *) echo "BENCH-ERROR unknown workload $w"; continue ;;
    esac
    case $f in gen | sh_arith | forkexec) ;; *) [ -s $T/data ] || w_gen ;; esac
    echo "BENCH-BEGIN $w"
    w_$f
    echo "BENCH-END $w"
    echo "BENCH-CHECK $w $(c_$f)"
done
