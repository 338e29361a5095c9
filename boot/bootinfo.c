#include "bootinfo.h"
#include <stddef.h>
#include "bootdefs.h"

/* Multiboot v1 information structure fields we use. */
#define MB1_INFO_MEMORY     (1 << 0)
#define MB1_INFO_CMDLINE    (1 << 2)
#define MB1_INFO_MMAP       (1 << 6)
struct mb1_info {
    uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
    uint32_t mods_count, mods_addr, syms[4], mmap_length, mmap_addr;
} __attribute__((packed));
struct mb1_mmap_entry {
    uint32_t size;          /* of the rest of the entry */
    uint64_t base, length;
    uint32_t type;
} __attribute__((packed));

/* Multiboot2 tags we use. */
#define MB2_TAG_END         0
#define MB2_TAG_CMDLINE     1
#define MB2_TAG_MMAP        6
struct mb2_tag { uint32_t type, size; };
struct mb2_mmap { uint32_t type, size, entry_size, entry_version; };
struct mb2_mmap_entry { uint64_t base, length; uint32_t type, reserved; };

struct bootinfo bootinfo;

static void add_region(uint64_t base, uint64_t length, uint32_t type)
{
    if (bootinfo.region_count < BOOTINFO_MAX_REGIONS)
        bootinfo.regions[bootinfo.region_count++] = (struct mem_region){ base, length, type };
}

static void copy_cmdline(const char *s)
{
    int n = 0;
    while (s[n] && n < BOOTINFO_CMDLINE_MAX - 1) {
        bootinfo.cmdline[n] = s[n];
        n++;
    }
    bootinfo.cmdline[n] = '\0';
}

/* Some loaders put the kernel's own path first ("/boot/krait.elf args"):
 * keep only the arguments. A path is a first word with '/' or '.' and no '='. */
static void strip_image_name(void)
{
    char *c = bootinfo.cmdline;
    int has_path = 0, has_equals = 0, end = 0;
    while (c[end] && c[end] != ' ') {
        if (c[end] == '/' || c[end] == '.')
            has_path = 1;
        if (c[end] == '=')
            has_equals = 1;
        end++;
    }
    if (!has_path || has_equals)
        return;
    while (c[end] == ' ')
        end++;
    int i = 0;
    while ((c[i] = c[end + i]))
        i++;
}

static void parse_mb1(const struct mb1_info *mbi)
{
    bootinfo.loader = "multiboot";
    if (mbi->flags & MB1_INFO_CMDLINE)
        copy_cmdline((const char *)(uintptr_t)mbi->cmdline);
    if (mbi->flags & MB1_INFO_MMAP) {
        uintptr_t p = mbi->mmap_addr, end = p + mbi->mmap_length;
        while (p < end) {
            const struct mb1_mmap_entry *e = (const void *)p;
            add_region(e->base, e->length, e->type);
            p += e->size + sizeof e->size;
        }
    } else if (mbi->flags & MB1_INFO_MEMORY) {
        add_region(0, (uint64_t)mbi->mem_lower * 1024, MEMORY_AVAILABLE);
        add_region(0x100000, (uint64_t)mbi->mem_upper * 1024, MEMORY_AVAILABLE);
    }
}

static void parse_mb2(uintptr_t info)
{
    bootinfo.loader = "multiboot2";
    uintptr_t p = info + 8;                    /* skip total_size and reserved */
    uintptr_t end = info + *(const uint32_t *)info;
    while (p + sizeof(struct mb2_tag) <= end) {
        const struct mb2_tag *tag = (const void *)p;
        if (tag->type == MB2_TAG_END)
            break;
        if (tag->type == MB2_TAG_CMDLINE)
            copy_cmdline((const char *)(tag + 1));
        if (tag->type == MB2_TAG_MMAP) {
            const struct mb2_mmap *m = (const void *)tag;
            for (uintptr_t e = p + sizeof *m; e + m->entry_size <= p + tag->size; e += m->entry_size) {
                const struct mb2_mmap_entry *r = (const void *)e;
                add_region(r->base, r->length, r->type);
            }
        }
        p += (tag->size + 7) & ~7u;
    }
}

int bootinfo_parse(uint32_t magic, uint64_t info_phys)
{
    if (magic == MB1_BOOT_MAGIC)
        parse_mb1((const struct mb1_info *)(uintptr_t)info_phys);
    else if (magic == MB2_BOOT_MAGIC)
        parse_mb2((uintptr_t)info_phys);
    else
        return -1;
    strip_image_name();
    return 0;
}

const char *bootinfo_arg(const char *key, char *buf, int size)
{
    const char *c = bootinfo.cmdline;
    while (*c) {
        while (*c == ' ')
            c++;
        const char *k = key;
        const char *w = c;
        while (*k && *w == *k) {
            k++;
            w++;
        }
        if (!*k && *w == '=') {
            w++;
            int n = 0;
            while (*w && *w != ' ' && n < size - 1)
                buf[n++] = *w++;
            buf[n] = '\0';
            return buf;
        }
        while (*c && *c != ' ')
            c++;
    }
    return NULL;
}
