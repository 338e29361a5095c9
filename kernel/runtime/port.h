/* port: the platform layer beneath the VM. The hosted build implements it in
 * port_hosted.c over libc; the bare-metal kernel implements it later. */
#ifndef KRAIT_PORT_H
#define KRAIT_PORT_H
#include <stddef.h>
#include <stdint.h>

/* The region the GC heap lives in (requested size; the port may clamp). */
void *port_heap_region(size_t *size);
/* fd 1 = stdout, 2 = stderr. The VM buffers stdout when port_stdout_buffered
 * (a pipe or file in the hosted build), never on the kernel's console. */
extern const int port_stdout_buffered;
void port_write(int fd, const char *buf, size_t len);
uint64_t port_ticks_us(void);
void port_exit(int status) __attribute__((noreturn));
/* Bounds of the C stack the VM currently runs on: [*lo, *hi). */
void port_stack_bounds(uintptr_t *lo, uintptr_t *hi);
/* Fatal error outside Python's control (heap corruption, init failure). */
void port_panic(const char *msg) __attribute__((noreturn));

#endif
