// A bounded, seeded mutation driver for libFuzzer-style harnesses, so that CI runs every
// harness for a fixed number of inputs with the compiler the project builds with (GCC; the
// clang in Debian 12 cannot compile C++23 <expected> against its libstdc++). For deep
// fuzzing the same harnesses link AFL++'s driver instead (see tests/fuzz/README.md).
//
//   harness [--runs N] [--seed S] FILE_OR_DIR...
//
// Every seed file is run as is, then N mutated inputs are made from the seeds: bit flips,
// byte changes, deletions, duplications, splices and JSON-ish tokens.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size);

namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes readAll(const std::filesystem::path &p)
{
    std::ifstream in(p, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

Bytes mutate(const std::vector<Bytes> &seeds, std::mt19937_64 &rng)
{
    static const std::string tokens[] = {"{",  "}",     "[",       "]",    "\"", ":",  ",",          "null",     "true",
                                         "-1", "1e309", "\\u0000", "\"\"", "{}", "[]", "9999999999", "\xff\xfe", "\n"};
    Bytes b = seeds[rng() % seeds.size()];
    const int edits = 1 + static_cast<int>(rng() % 8);
    for (int e = 0; e < edits; ++e) {
        const std::size_t at = b.empty() ? 0 : rng() % b.size();
        switch (rng() % 7) {
        case 0:
            if (!b.empty())
                b[at] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
            break;
        case 1:
            if (!b.empty())
                b[at] = static_cast<std::uint8_t>(rng());
            break;
        case 2:
            if (!b.empty())
                b.erase(b.begin() + static_cast<long>(at),
                        b.begin() + static_cast<long>(std::min(b.size(), at + 1 + rng() % 32)));
            break;
        case 3: {
            const auto &t = tokens[rng() % std::size(tokens)];
            b.insert(b.begin() + static_cast<long>(at), t.begin(), t.end());
            break;
        }
        case 4:
            if (!b.empty()) {
                const std::size_t len = std::min(b.size() - at, static_cast<std::size_t>(1 + rng() % 64));
                Bytes chunk(b.begin() + static_cast<long>(at), b.begin() + static_cast<long>(at + len));
                b.insert(b.begin() + static_cast<long>(rng() % (b.size() + 1)), chunk.begin(), chunk.end());
            }
            break;
        case 5: {
            const Bytes &other = seeds[rng() % seeds.size()];
            if (!other.empty()) {
                const std::size_t from = rng() % other.size();
                b.resize(std::min(b.size(), at));
                b.insert(b.end(), other.begin() + static_cast<long>(from), other.end());
            }
            break;
        }
        default:
            b.resize(at);
            break;
        }
    }
    return b;
}

} // namespace

int main(int argc, char **argv)
{
    long runs = 1000;
    std::uint64_t seed = 20261123;
    std::vector<Bytes> seeds;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--runs" && i + 1 < argc) {
            runs = std::strtol(argv[++i], nullptr, 10);
        } else if (arg == "--seed" && i + 1 < argc) {
            seed = std::strtoull(argv[++i], nullptr, 10);
        } else if (std::filesystem::is_directory(arg)) {
            for (const auto &entry : std::filesystem::directory_iterator(arg))
                if (entry.is_regular_file())
                    seeds.push_back(readAll(entry.path()));
        } else {
            seeds.push_back(readAll(arg));
        }
    }
    if (seeds.empty())
        seeds.emplace_back();
    for (const Bytes &s : seeds)
        LLVMFuzzerTestOneInput(s.data(), s.size());
    std::mt19937_64 rng(seed);
    for (long r = 0; r < runs; ++r) {
        const Bytes input = mutate(seeds, rng);
        LLVMFuzzerTestOneInput(input.data(), input.size());
    }
    std::printf("%zu seeds and %ld mutated inputs, seed %llu: no crash\n", seeds.size(), runs,
                static_cast<unsigned long long>(seed));
    return 0;
}
