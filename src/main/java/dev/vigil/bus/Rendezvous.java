package dev.vigil.bus;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * Rendezvous (highest-random-weight) hashing: a key belongs to the member with the highest
 * {@link #weight} for it. Every instance that knows the same members picks the same owner, with no
 * coordination; when a member joins it takes about 1/N of the keys, all from the others, and when one
 * leaves only its own keys move. Pure and deterministic across JVMs (no {@code String.hashCode}, no
 * seed).
 */
public final class Rendezvous {

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private Rendezvous() {
  }

  /**
   * The member that owns {@code key}, or null when there are no members. Ties (a 2^-64 chance) go
   * to the smaller member id, so the answer never depends on the order of {@code members}.
   */
  public static String ownerOf(String key, Collection<String> members) {
    String owner = null;
    long best = 0;
    for (String member : members) {
      long w = weight(member, key);
      int cmp = owner == null ? 1 : Long.compareUnsigned(w, best);
      if (cmp > 0 || (cmp == 0 && member.compareTo(owner) < 0)) {
        owner = member;
        best = w;
      }
    }
    return owner;
  }

  /**
   * The pseudo-random weight of {@code key} at {@code member}, compared unsigned: FNV-1a over both
   * (UTF-8, a zero byte between them so that "ab"+"c" and "a"+"bc" differ), then a strong bit mixer
   * (SplitMix64's finaliser) so that members whose ids differ in one character still get unrelated
   * weights.
   */
  public static long weight(String member, String key) {
    long h = FNV_OFFSET;
    h = fnv(h, member.getBytes(StandardCharsets.UTF_8));
    h *= FNV_PRIME; // the zero byte: FNV-1a of 0 is one multiplication
    h = fnv(h, key.getBytes(StandardCharsets.UTF_8));
    return mix(h);
  }

  private static long fnv(long h, byte[] bytes) {
    for (byte b : bytes) {
      h = (h ^ (b & 0xff)) * FNV_PRIME;
    }
    return h;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
