#!/usr/bin/env bash
# fetch-guest.sh - download a Debian riscv64 kernel and busybox, and build a
# small initramfs that drops to a shell on the serial console.
#
# Usage: scripts/fetch-guest.sh            prints the cache directory holding
#                                          Image, initramfs.cpio.gz, VERSIONS
# Everything comes from Debian packages through apt-get download with a
# private apt state (nothing is installed, the system apt configuration is not
# touched).  Results are cached; a second run does no network access unless
# REFRESH=1.
# Environment:
#   VIREO_CACHE    cache directory (default ${XDG_CACHE_HOME:-$HOME/.cache}/vireo)
#   DEBIAN_MIRROR  (default http://deb.debian.org/debian)
#   DEBIAN_SUITE   (default sid)
#   KEYRING        (default /usr/share/keyrings/debian-archive-keyring.gpg)
#   REFRESH=1      update the package lists and rebuild
set -euo pipefail

CACHE=${VIREO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vireo}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUITE=${DEBIAN_SUITE:-sid}
KEYRING=${KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}
REFRESH=${REFRESH:-0}
ARCH=riscv64
OUT=$CACHE/guest/$ARCH
APTDIR=$CACHE/apt/$SUITE
DEBS=$CACHE/debs

say() { printf '[fetch-guest] %s\n' "$*" >&2; }
die() { printf '[fetch-guest] error: %s\n' "$*" >&2; exit 1; }

if [ "$REFRESH" != 1 ] && [ -s "$OUT/Image" ] && [ -s "$OUT/initramfs.cpio.gz" ]; then
    echo "$OUT"
    exit 0
fi

for t in apt-get apt-cache dpkg-deb cpio gzip; do
    command -v "$t" >/dev/null || die "missing tool '$t' (run scripts/install-deps.sh)"
done
[ -r "$KEYRING" ] || die "no Debian archive keyring at $KEYRING (apt install debian-archive-keyring)"

mkdir -p "$OUT" "$DEBS" "$APTDIR/lists/partial" "$APTDIR/cache/archives/partial" \
         "$APTDIR/state" "$APTDIR/empty.d"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ---- a private apt state for SUITE/riscv64 -----------------------------------
APT_OPTS=(
    "-oDir::Etc::SourceList=$APTDIR/sources.list"
    "-oDir::Etc::SourceParts=$APTDIR/empty.d"
    "-oDir::Etc::Preferences=$APTDIR/empty.pref"
    "-oDir::Etc::PreferencesParts=$APTDIR/empty.d"
    "-oDir::State=$APTDIR/state"
    "-oDir::State::Lists=$APTDIR/lists"
    "-oDir::State::status=$APTDIR/status"
    "-oDir::Cache=$APTDIR/cache"
    "-oDebug::NoLocking=1"
    "-oAPT::Architecture=$ARCH"
    "-oAPT::Architectures=$ARCH"
    "-oAcquire::Languages=none"
)
[ "$(id -u)" != 0 ] || APT_OPTS+=("-oAPT::Sandbox::User=root")
: >"$APTDIR/empty.pref"
[ -e "$APTDIR/status" ] || : >"$APTDIR/status"
source_line="deb [arch=$ARCH signed-by=$KEYRING] $MIRROR $SUITE main"
if [ "$REFRESH" = 1 ] || [ "$(cat "$APTDIR/sources.list" 2>/dev/null)" != "$source_line" ] ||
    ! ls "$APTDIR/lists/"*_Packages* >/dev/null 2>&1; then
    echo "$source_line" >"$APTDIR/sources.list"
    say "apt-get update ($SUITE, $ARCH)"
    # A mirror hiccup should not fail a CI run: try three times.
    for try in 1 2 3; do
        apt-get "${APT_OPTS[@]}" -q update >&2 && break
        [ "$try" = 3 ] && die "apt-get update failed"
        sleep 5
    done
fi

version_of() { apt-cache "${APT_OPTS[@]}" policy "$1:$ARCH" | awk '/Candidate:/ {print $2; exit}'; }

# Direct dependencies of $1 whose name matches the ERE $2.
deps_of() {
    apt-cache "${APT_OPTS[@]}" depends --no-recommends --no-suggests --no-conflicts \
        --no-breaks --no-replaces --no-enhances "$1:$ARCH" 2>/dev/null |
        awk -v re="$2" '$1 ~ /Depends:$/ {n = $2; sub(/:.*/, "", n); gsub(/[<>]/, "", n);
                                          if (n ~ re) print n}' | sort -u
}

# Download a package (cached); prints the .deb path.
fetch() {
    local p=$1 v f
    v=$(version_of "$p")
    [ -n "$v" ] && [ "$v" != "(none)" ] || die "package $p:$ARCH not found in $SUITE"
    for f in "$DEBS/${p}_${v//:/%3a}_$ARCH.deb" "$DEBS/${p}_${v//:/%3a}_all.deb"; do
        [ -s "$f" ] && { echo "$f"; return; }
    done
    say "downloading $p $v"
    (cd "$DEBS" && apt-get "${APT_OPTS[@]}" -q download "$p:$ARCH=$v" >&2) ||
        (sleep 5; cd "$DEBS" && apt-get "${APT_OPTS[@]}" -q download "$p:$ARCH=$v" >&2) ||
        die "download of $p failed"
    for f in "$DEBS/${p}_${v//:/%3a}_$ARCH.deb" "$DEBS/${p}_${v//:/%3a}_all.deb"; do
        [ -s "$f" ] && { echo "$f"; return; }
    done
    die "downloaded $p but cannot find its .deb"
}

: >"$OUT/VERSIONS"

# ---- kernel ----------------------------------------------------------------
# (|| true: with pipefail a failing apt-cache would end the script silently
# here; the check below reports it.)
kpkg=$(deps_of linux-image-$ARCH '^linux-image-[0-9]' | head -n1 || true)
[ -n "$kpkg" ] || die "cannot resolve the kernel package behind linux-image-$ARCH"
kdir=$tmp/kernel
mkdir -p "$kdir"
# Newer Debian kernels keep the image in linux-binary-<version>.
for p in $kpkg $(deps_of "$kpkg" '^linux-binary-[0-9]'); do
    dpkg-deb --fsys-tarfile "$(fetch "$p")" |
        tar -x -C "$kdir" --wildcards --no-anchored 'vmlinu*' 2>/dev/null || true
    echo "$p $(version_of "$p")" >>"$OUT/VERSIONS"
done
kfile=$(find "$kdir" -name 'vmlinu*' -type f | sort | head -n1)
[ -n "$kfile" ] || die "no kernel image in $kpkg"

# Debian ships a gzip or an EFI zboot image; -kernel wants the raw Image.
le32() { od -An -t u4 -j "$2" -N 4 "$1" | tr -d ' '; }
if [ "$(od -An -t x1 -N 2 "$kfile" | tr -d ' ')" = 1f8b ]; then
    gzip -dc "$kfile" >"$tmp/Image"
elif [ "$(dd if="$kfile" bs=1 skip=4 count=4 2>/dev/null | tr -d '\0')" = zimg ]; then
    off=$(le32 "$kfile" 8)
    size=$(le32 "$kfile" 12)
    comp=$(dd if="$kfile" bs=1 skip=24 count=32 2>/dev/null | tr -d '\0')
    payload() { tail -c +$((off + 1)) "$kfile" | head -c "$size"; }
    case $comp in
        gzip) payload | gzip -dc >"$tmp/Image" ;;
        zstd*) payload | zstd -dc >"$tmp/Image" ;;
        xz*) payload | xz -dc >"$tmp/Image" ;;
        *) die "unsupported EFI zboot compression '$comp'" ;;
    esac
else
    cp "$kfile" "$tmp/Image"
fi
magic=$(dd if="$tmp/Image" bs=1 skip=56 count=4 2>/dev/null | od -An -t x1 | tr -d ' ')
[ "$magic" = 52534305 ] || die "$kfile is not a RISC-V Linux Image (magic '$magic')"
mv "$tmp/Image" "$OUT/Image"
say "kernel: $kpkg -> $OUT/Image ($(wc -c <"$OUT/Image") bytes)"

# ---- initramfs with busybox -------------------------------------------------------
bdir=$tmp/busybox
dpkg-deb -x "$(fetch busybox-static)" "$bdir"
echo "busybox-static $(version_of busybox-static)" >>"$OUT/VERSIONS"
root=$tmp/root
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,root,etc}
if [ -f "$bdir/usr/bin/busybox" ]; then
    cp "$bdir/usr/bin/busybox" "$root/bin/busybox"
else
    cp "$bdir/bin/busybox" "$root/bin/busybox"
fi
chmod 755 "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
cat >"$root/init" <<'INIT'
#!/bin/sh
/bin/busybox mount -t proc proc /proc
/bin/busybox --install -s
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t tmpfs tmpfs /tmp
echo "Vireo guest: $(uname -sr) on $(uname -m); 'poweroff -f' to quit."
# A controlling terminal for job control on the serial console.
setsid cttyhack sh -l
poweroff -f
INIT
chmod 755 "$root/init"
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0) |
    gzip -9 -n >"$OUT/initramfs.cpio.gz"
say "initramfs: $OUT/initramfs.cpio.gz ($(wc -c <"$OUT/initramfs.cpio.gz") bytes)"
echo "$OUT"
