#ifndef KRAIT_VERSION_H
#define KRAIT_VERSION_H
#define KRAIT_VERSION "0.1.0"
#endif
