/*
 * Guest image loaders.  Every field of an untrusted file is bounds-checked
 * before use (DESIGN.md invariant 5 applies to files too).
 */
#include "hw/core/loader.h"
#include "util/error.h"
#include "util/log.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

/* ELF constants (System V gABI, RISC-V psABI). */
enum {
    EHDR_SIZE = 64,
    PHDR_SIZE = 56,
    SHDR_SIZE = 64,
    SYM_SIZE = 24,
    ELFCLASS64 = 2,
    ELFDATA2LSB = 1,
    ET_EXEC = 2,
    ET_DYN = 3,
    EM_RISCV = 243,
    PT_LOAD = 1,
    SHT_SYMTAB = 2,
    STT_NOTYPE = 0,
    STT_OBJECT = 1,
    STT_FUNC = 2,
    SHN_UNDEF = 0,
};

static uint16_t rd16(const uint8_t *p) { return p[0] | p[1] << 8; }
static uint32_t rd32(const uint8_t *p) { return rd16(p) | (uint32_t)rd16(p + 2) << 16; }
static uint64_t rd64(const uint8_t *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }

/* [off, off + size) lies inside a buffer of len bytes, without overflow. */
static bool in_bounds(uint64_t off, uint64_t size, uint64_t len)
{
    return off <= len && size <= len - off;
}

/* ---- ROM blobs: what was loaded, to restore on reset ------------------- */

typedef struct Blob {
    hwaddr addr;
    uint8_t *data;               /* NULL: zero fill */
    size_t len;
} Blob;

static Blob *blobs;
static size_t nr_blobs;

static void blob_record(hwaddr addr, const void *data, size_t len)
{
    Blob *b;

    blobs = xrealloc(blobs, (nr_blobs + 1) * sizeof(*blobs));
    b = &blobs[nr_blobs++];
    b->addr = addr;
    b->len = len;
    b->data = NULL;
    if (data) {
        b->data = xmalloc(len ? len : 1);
        memcpy(b->data, data, len);
    }
}

static MemTxResult write_zeros(AddressSpace *as, hwaddr addr, uint64_t len)
{
    static const uint8_t zeros[4096];
    MemTxResult r = MEMTX_OK;

    /* Stop at the first hole: a bogus BSS size may span most of 2^64. */
    while (len && r == MEMTX_OK) {
        uint64_t n = MIN(len, sizeof(zeros));
        r = address_space_write_rom(as, addr, zeros, n);
        addr += n;
        len -= n;
    }
    return r;
}

bool loader_write_blob(const char *what, const char *name, AddressSpace *as, hwaddr addr,
                       const void *buf, size_t len, Error **errp)
{
    MemTxResult r;

    if (len && addr + len - 1 < addr) {
        error_setg(errp, "could not load %s '%s': address range overflows", what, name);
        return false;
    }
    r = buf ? address_space_write_rom(as, addr, buf, len) : write_zeros(as, addr, len);
    if (r != MEMTX_OK) {
        error_setg(errp, "could not load %s '%s': [0x%" PRIx64 ", 0x%" PRIx64
                   ") is not in RAM or ROM", what, name, addr, addr + len);
        return false;
    }
    blob_record(addr, buf, len);
    return true;
}

void loader_reset_blobs(AddressSpace *as)
{
    for (size_t i = 0; i < nr_blobs; i++) {
        if (blobs[i].data) {
            address_space_write_rom(as, blobs[i].addr, blobs[i].data, blobs[i].len);
        } else {
            write_zeros(as, blobs[i].addr, blobs[i].len);
        }
    }
}

/* ---- Symbols ------------------------------------------------------------ */

typedef struct Symbol {
    uint64_t addr;
    uint64_t size;
    char *name;
} Symbol;

static Symbol *symbols;
static size_t nr_symbols;

void loader_clear(void)
{
    for (size_t i = 0; i < nr_blobs; i++) {
        free(blobs[i].data);
    }
    free(blobs);
    blobs = NULL;
    nr_blobs = 0;
    for (size_t i = 0; i < nr_symbols; i++) {
        free(symbols[i].name);
    }
    free(symbols);
    symbols = NULL;
    nr_symbols = 0;
}

static int symbol_cmp(const void *a, const void *b)
{
    const Symbol *x = a, *y = b;

    return x->addr < y->addr ? -1 : x->addr > y->addr;
}

const char *loader_symbol_lookup(uint64_t addr, uint64_t *offset)
{
    size_t lo = 0, hi = nr_symbols;

    /* Last symbol starting at or below addr. */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (symbols[mid].addr <= addr) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo == 0) {
        return NULL;
    }
    const Symbol *s = &symbols[lo - 1];
    /* A sized symbol must cover addr; an unsized one (asm label) is nearest. */
    if (s->size && addr - s->addr >= s->size) {
        return NULL;
    }
    if (offset) {
        *offset = addr - s->addr;
    }
    return s->name;
}

/* Keep .symtab (and its string table); silently skip what is malformed. */
static void elf_load_symbols(const uint8_t *buf, size_t len)
{
    uint64_t shoff = rd64(buf + 0x28);
    unsigned shentsize = rd16(buf + 0x3a), shnum = rd16(buf + 0x3c);

    if (shoff == 0 || shnum == 0 || shentsize != SHDR_SIZE ||
        !in_bounds(shoff, (uint64_t)shnum * SHDR_SIZE, len)) {
        return;
    }
    for (unsigned i = 0; i < shnum; i++) {
        const uint8_t *sh = buf + shoff + (uint64_t)i * SHDR_SIZE;
        if (rd32(sh + 4) != SHT_SYMTAB) {
            continue;
        }
        uint64_t off = rd64(sh + 0x18), size = rd64(sh + 0x20);
        uint32_t link = rd32(sh + 0x28);
        if (!in_bounds(off, size, len) || link >= shnum) {
            return;
        }
        const uint8_t *strsh = buf + shoff + (uint64_t)link * SHDR_SIZE;
        uint64_t stroff = rd64(strsh + 0x18), strsize = rd64(strsh + 0x20);
        if (!in_bounds(stroff, strsize, len) || strsize == 0) {
            return;
        }
        const char *strtab = (const char *)buf + stroff;
        for (uint64_t n = 0; n < size / SYM_SIZE; n++) {
            const uint8_t *sym = buf + off + n * SYM_SIZE;
            uint32_t name = rd32(sym);
            unsigned type = sym[4] & 0xf;
            uint16_t shndx = rd16(sym + 6);
            if (shndx == SHN_UNDEF || name == 0 || name >= strsize ||
                (type != STT_FUNC && type != STT_OBJECT && type != STT_NOTYPE)) {
                continue;
            }
            size_t maxlen = strsize - name;
            size_t slen = strnlen(strtab + name, maxlen);
            if (slen == maxlen || slen == 0 || strtab[name] == '$' ||
                !strncmp(strtab + name, ".L", 2)) {
                continue;           /* unterminated, or a mapping/local label */
            }
            symbols = xrealloc(symbols, (nr_symbols + 1) * sizeof(*symbols));
            symbols[nr_symbols].addr = rd64(sym + 8);
            symbols[nr_symbols].size = rd64(sym + 16);
            symbols[nr_symbols].name = xstrdup(strtab + name);
            nr_symbols++;
        }
        qsort(symbols, nr_symbols, sizeof(*symbols), symbol_cmp);
        return;
    }
}

/* ---- Files ------------------------------------------------------------- */

bool loader_read_file(const char *what, const char *path, uint8_t **buf, size_t *len,
                      Error **errp)
{
    return loader_read_file_max(what, path, LOADER_MAX_FILE_SIZE, buf, len, errp);
}

bool loader_read_file_max(const char *what, const char *path, uint64_t max, uint8_t **buf,
                          size_t *len, Error **errp)
{
    struct stat st;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused
       below); it changes nothing for regular files. */
    int fd = open(path, O_RDONLY | O_NONBLOCK);

    if (fd < 0) {
        error_setg_errno(errp, errno, "could not load %s '%s'", what, path);
        return false;
    }
    int err = 0;
    if (fstat(fd, &st) < 0) {
        err = errno;
    } else if (!S_ISREG(st.st_mode)) {
        err = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
    }
    if (err) {
        close(fd);
        error_setg_errno(errp, err, "could not load %s '%s'", what, path);
        return false;
    }
    if ((uint64_t)st.st_size > max) {
        close(fd);
        error_setg(errp, "could not load %s '%s': too large (%" PRIu64 " bytes, at most %"
                   PRIu64 ")", what, path, (uint64_t)st.st_size, max);
        return false;
    }
    size_t size = st.st_size, done = 0;
    uint8_t *p = xmalloc(size ? size : 1);
    while (done < size) {
        ssize_t n = read(fd, p + done, size - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            int err = n < 0 ? errno : EIO;
            close(fd);
            free(p);
            error_setg_errno(errp, err, "could not load %s '%s'", what, path);
            return false;
        }
        done += n;
    }
    close(fd);
    *buf = p;
    *len = size;
    return true;
}

/* ---- ELF ---------------------------------------------------------------- */

bool loader_looks_like_elf(const uint8_t *buf, size_t len)
{
    /* Also catch a damaged magic, so that it is reported rather than run raw. */
    return len >= 4 && (!memcmp(buf, "\177ELF", 4) || !memcmp(buf + 1, "ELF", 3));
}

static bool elf_error(Error **errp, const char *what, const char *name, const char *fmt,
                      ...) PRINTF_FMT(4, 5);
static bool elf_error(Error **errp, const char *what, const char *name, const char *fmt, ...)
{
    char msg[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    error_setg(errp, "could not load %s '%s': %s", what, name, msg);
    return false;
}

bool loader_load_elf_buf(const char *what, const char *name, const uint8_t *buf,
                         size_t len, AddressSpace *as, LoaderElfInfo *info, Error **errp)
{
    if (len < 4 || memcmp(buf, "\177ELF", 4)) {
        return elf_error(errp, what, name, len < 4 ? "truncated ELF header" : "bad ELF magic");
    }
    if (len < EHDR_SIZE) {
        return elf_error(errp, what, name, "truncated ELF header");
    }
    if (buf[4] != ELFCLASS64) {
        return elf_error(errp, what, name, "not a 64-bit ELF file (class %u)", buf[4]);
    }
    if (buf[5] != ELFDATA2LSB) {
        return elf_error(errp, what, name, "not a little-endian ELF file");
    }
    uint16_t type = rd16(buf + 0x10), machine = rd16(buf + 0x12);
    if (machine != EM_RISCV) {
        return elf_error(errp, what, name, "ELF machine %u is not RISC-V (243)", machine);
    }
    if (type != ET_EXEC && type != ET_DYN) {
        return elf_error(errp, what, name, "ELF type %u is not an executable", type);
    }
    uint64_t entry = rd64(buf + 0x18), phoff = rd64(buf + 0x20);
    unsigned phentsize = rd16(buf + 0x36), phnum = rd16(buf + 0x38);
    if (phnum == 0) {
        return elf_error(errp, what, name, "ELF file has no program headers");
    }
    if (phentsize != PHDR_SIZE) {
        return elf_error(errp, what, name, "bad ELF program header size %u", phentsize);
    }
    if (!in_bounds(phoff, (uint64_t)phnum * PHDR_SIZE, len)) {
        return elf_error(errp, what, name, "truncated ELF program header");
    }

    /* Validate every segment before writing anything. */
    hwaddr low = HWADDR_MAX, high = 0;
    unsigned loads = 0;
    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *ph = buf + phoff + (uint64_t)i * PHDR_SIZE;
        if (rd32(ph) != PT_LOAD) {
            continue;
        }
        uint64_t off = rd64(ph + 0x08), paddr = rd64(ph + 0x18);
        uint64_t filesz = rd64(ph + 0x20), memsz = rd64(ph + 0x28);
        if (!in_bounds(off, filesz, len)) {
            return elf_error(errp, what, name, "PT_LOAD segment %u is outside the file "
                             "(offset 0x%" PRIx64 ", size 0x%" PRIx64 ", file 0x%zx)",
                             i, off, filesz, len);
        }
        if (memsz < filesz) {
            return elf_error(errp, what, name, "PT_LOAD segment %u has memsz < filesz", i);
        }
        if (memsz && paddr + memsz - 1 < paddr) {
            return elf_error(errp, what, name, "PT_LOAD segment %u wraps around the "
                             "address space", i);
        }
        if (memsz) {
            low = MIN(low, paddr);
            high = MAX(high, paddr + memsz);
        }
        loads++;
    }
    if (loads == 0 || low == HWADDR_MAX) {
        return elf_error(errp, what, name, "ELF file has nothing to load");
    }
    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *ph = buf + phoff + (uint64_t)i * PHDR_SIZE;
        if (rd32(ph) != PT_LOAD) {
            continue;
        }
        uint64_t off = rd64(ph + 0x08), paddr = rd64(ph + 0x18);
        uint64_t filesz = rd64(ph + 0x20), memsz = rd64(ph + 0x28);
        if (filesz && !loader_write_blob(what, name, as, paddr, buf + off, filesz, errp)) {
            return false;
        }
        if (memsz > filesz &&
            !loader_write_blob(what, name, as, paddr + filesz, NULL, memsz - filesz, errp)) {
            return false;
        }
    }
    elf_load_symbols(buf, len);
    if (info) {
        info->entry = entry;
        info->low = low;
        info->high = high;
    }
    return true;
}

bool loader_load_elf(const char *what, const char *path, AddressSpace *as,
                     LoaderElfInfo *info, Error **errp)
{
    uint8_t *buf;
    size_t len;

    if (!loader_read_file(what, path, &buf, &len, errp)) {
        return false;
    }
    bool ok = loader_load_elf_buf(what, path, buf, len, as, info, errp);
    free(buf);
    return ok;
}

/* ---- Raw images and Linux Image ----------------------------------------- */

bool loader_load_raw(const char *what, const char *path, AddressSpace *as, hwaddr addr,
                     uint64_t max_size, uint64_t *size, Error **errp)
{
    uint8_t *buf;
    size_t len;

    if (!loader_read_file_max(what, path, MAX(max_size, 1), &buf, &len, errp)) {
        return false;
    }
    if (len > max_size) {
        error_setg(errp, "could not load %s '%s': too large (%zu bytes, %" PRIu64
                   " available at 0x%" PRIx64 ")", what, path, len, max_size, addr);
        free(buf);
        return false;
    }
    bool ok = loader_write_blob(what, path, as, addr, buf, len, errp);
    free(buf);
    if (ok && size) {
        *size = len;
    }
    return ok;
}

bool loader_parse_linux_image(const uint8_t *buf, size_t len, LinuxImageHeader *hdr)
{
    if (len < 64 || memcmp(buf + LINUX_IMAGE_MAGIC2_OFFSET, "RSC\x05", 4)) {
        return false;
    }
    hdr->text_offset = rd64(buf + 8);
    hdr->image_size = rd64(buf + 16);
    hdr->flags = rd64(buf + 24);
    hdr->version = rd32(buf + 32);
    return true;
}

bool loader_load_kernel(const char *path, AddressSpace *as, hwaddr load_addr, hwaddr limit,
                        uint64_t *entry, hwaddr *end, Error **errp)
{
    uint8_t *buf;
    size_t len;
    bool ok;

    if (!loader_read_file("kernel", path, &buf, &len, errp)) {
        return false;
    }
    if (loader_looks_like_elf(buf, len)) {
        LoaderElfInfo info;
        ok = loader_load_elf_buf("kernel", path, buf, len, as, &info, errp);
        if (ok) {
            *entry = info.entry;
            *end = info.high;
        }
        free(buf);
        return ok;
    }

    /* An Image (or a raw binary): loaded flat at load_addr, entered at its start. */
    uint64_t mem_size = len;
    LinuxImageHeader hdr;
    if (loader_parse_linux_image(buf, len, &hdr)) {
        if (hdr.image_size && hdr.image_size < len) {
            error_setg(errp, "could not load kernel '%s': Image header size 0x%" PRIx64
                       " is smaller than the file", path, hdr.image_size);
            free(buf);
            return false;
        }
        mem_size = MAX(hdr.image_size, (uint64_t)len);
    }
    if (load_addr >= limit || mem_size > limit - load_addr) {
        error_setg(errp, "could not load kernel '%s': too large (%" PRIu64 " bytes, %" PRIu64
                   " available at 0x%" PRIx64 ")", path, mem_size,
                   load_addr < limit ? limit - load_addr : 0, load_addr);
        free(buf);
        return false;
    }
    ok = loader_write_blob("kernel", path, as, load_addr, buf, len, errp);
    free(buf);
    if (ok) {
        *entry = load_addr;
        *end = load_addr + mem_size;
    }
    return ok;
}
