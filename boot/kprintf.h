/* Kernel formatted output to the serial console. */
#ifndef KRAIT_KPRINTF_H
#define KRAIT_KPRINTF_H
#include <stdarg.h>
#include <stddef.h>

/* Supports %s %c %d %i %u %x %X %p %% with '-', '0', width and the l/ll/z sizes. */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kputs(const char *s);

#endif
