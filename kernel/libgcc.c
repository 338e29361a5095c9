/* The few libgcc helpers gcc may call in a freestanding x86-64 build (the
 * hosted build links the real libgcc). */
int __popcountdi2(long long x);

int __popcountdi2(long long x)
{
    unsigned long long v = (unsigned long long)x;
    v = v - ((v >> 1) & 0x5555555555555555ull);
    v = (v & 0x3333333333333333ull) + ((v >> 2) & 0x3333333333333333ull);
    v = (v + (v >> 4)) & 0x0F0F0F0F0F0F0F0Full;
    return (int)((v * 0x0101010101010101ull) >> 56);
}
