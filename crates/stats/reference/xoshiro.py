"""Pure-Python re-implementation of chibo_stats::bootstrap::Rng (xoshiro256** seeded by
SplitMix64). Used by generate_golden.py and bench_did_statsmodels.py to reproduce the Rust
random streams bit for bit."""
import math

M = (1 << 64) - 1


def _rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M


class Rng:
    def __init__(self, seed):
        st = seed & M
        s = []
        for _ in range(4):
            st = (st + 0x9E3779B97F4A7C15) & M
            z = st
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
            s.append(z ^ (z >> 31))
        self.s = s

    def next_u64(self):
        s = self.s
        result = (_rotl((s[1] * 5) & M, 7) * 9) & M
        t = (s[1] << 17) & M
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = _rotl(s[3], 45)
        return result

    def next_f64(self):
        return (self.next_u64() >> 11) * (1.0 / 9007199254740992.0)

    def below(self, n):
        return (self.next_u64() * n) >> 64

    def normal(self):
        u1 = self.next_f64()
        u2 = self.next_f64()
        return math.sqrt(-2.0 * math.log(1.0 - u1)) * math.cos(2.0 * math.pi * u2)
