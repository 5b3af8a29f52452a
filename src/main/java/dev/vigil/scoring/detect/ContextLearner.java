package dev.vigil.scoring.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Learns which transitions of a stream of fact sets recur, and says how much of the present was not
 * predicted. The idea is the Contextual Anomaly Detector's (Smirnov, "CAD OSE" on the NAB scoreboard),
 * written here from its description: a <em>context</em> pairs a left half (facts seen at the previous
 * step: the previous input and the contexts that were active then) with a right half (facts of the
 * present input). Contexts whose left half was fully present last step <em>predict</em> the present;
 * those whose right half is present too came true and become active. When the whole transition is new,
 * the partial overlaps of known halves with what was seen become candidate contexts, and how many of
 * them are new measures how unfamiliar the present is.
 *
 * <p>Per step: {@code (1 - predictions that came true + share of candidates that were new) / 2}, in [0,1].
 * Deterministic (insertion-ordered maps, ties broken by context id). Memory grows with the number of
 * distinct contexts; past {@link #MAX_CONTEXTS} nothing more is stored (a transition never stored stays
 * new). Not thread-safe.
 */
final class ContextLearner {

  /** Facts at or above this are the ids of active contexts fed back as facts (inputs stay below it). */
  static final int CONTEXT_FACT = 1 << 30;
  /** Bound on the contexts kept (memory: a few hundred bytes each). */
  static final int MAX_CONTEXTS = 50_000;

  private final int maxLeftFacts;
  private final int maxActive;
  private final Side left = new Side();
  private final Side right = new Side();
  /** Per context: how often it was predicted, how often it came true. */
  private final List<int[]> counts = new ArrayList<>();
  private int[] previousLeft = new int[0];

  /**
   * @param maxLeftFacts longest left half a candidate context may have
   * @param maxActive    most active contexts fed forward as facts (the most used first)
   */
  ContextLearner(int maxLeftFacts, int maxActive) {
    this.maxLeftFacts = maxLeftFacts;
    this.maxActive = maxActive;
  }

  /** Learns the next input (sorted, distinct facts below {@link #CONTEXT_FACT}) and returns its novelty in [0,1]. */
  double step(int[] facts) {
    if (previousLeft.length == 0 || facts.length == 0) {
      right.cross(facts);
      previousLeft = facts.clone();
      left.cross(previousLeft);
      return 0.5;
    }
    Pair whole = new Pair(previousLeft, facts);
    int before = counts.size();
    int wholeId = contextOf(whole);
    boolean novel = wholeId < 0 || wholeId == before;
    right.cross(facts);
    List<int[]> active = new ArrayList<>();
    Set<Pair> candidates = new LinkedHashSet<>();
    int predicted = predict(facts, novel, novel ? wholeId : -1, active, candidates);
    double cameTrue = predicted == 0 ? 0 : active.size() / (double) predicted;
    previousLeft = leftGroup(facts, active);
    candidates.remove(whole);
    int added = novel ? 1 : 0;
    for (Pair candidate : candidates) {
      int size = counts.size();
      int id = contextOf(candidate);
      added += id < 0 || id == size ? 1 : 0;
    }
    left.cross(previousLeft);
    double unseen = novel ? added / (double) (candidates.size() + 1) : 0;
    return (1 - cameTrue + unseen) / 2;
  }

  /** Contexts stored so far. */
  int contexts() {
    return counts.size();
  }

  /** Counts the contexts predicted by last step's left facts; collects the true ones and, on a new transition, candidates. */
  private int predict(int[] facts, boolean novel, int skip, List<int[]> active, Set<Pair> candidates) {
    int predicted = 0;
    for (Semi l : left.crossed) {
      boolean leftWhole = l.matched == l.facts.length;
      if (!leftWhole && (!novel || l.matched > maxLeftFacts)) {
        continue; // predicts nothing and offers no candidate
      }
      int[] leftSeen = null; // the part of a partly matched left half that was seen, once per half
      for (Map.Entry<Integer, Integer> e : l.contexts.entrySet()) {
        int id = e.getValue();
        if (id == skip) {
          continue;
        }
        Semi r = right.all.get(e.getKey());
        boolean rightWhole = r.matched == r.facts.length;
        if (leftWhole) {
          predicted++;
          int[] c = counts.get(id);
          c[0]++;
          if (rightWhole) {
            c[1]++;
            active.add(new int[] {id, c[0], c[1]});
          } else if (novel && l.facts.length <= maxLeftFacts && r.matched > 0) {
            candidates.add(new Pair(l.facts, r.seen(facts)));
          }
        } else if (rightWhole) {
          leftSeen = leftSeen == null ? intersect(l.facts, previousLeft) : leftSeen;
          candidates.add(new Pair(leftSeen, r.facts));
        }
      }
    }
    return predicted;
  }

  /** The next step's left facts: the present input and the most used of the contexts that came true. */
  private int[] leftGroup(int[] facts, List<int[]> active) {
    active.sort((a, b) -> a[1] != b[1] ? Integer.compare(a[1], b[1])
        : a[2] != b[2] ? Integer.compare(a[2], b[2]) : Integer.compare(a[0], b[0]));
    int from = Math.max(0, active.size() - maxActive);
    int[] group = Arrays.copyOf(facts, facts.length + active.size() - from);
    for (int i = from; i < active.size(); i++) {
      group[facts.length + i - from] = CONTEXT_FACT + active.get(i)[0];
    }
    Arrays.sort(group);
    return group;
  }

  /** The id of the context, stored now if new and there is room; -1 if new and not stored. */
  private int contextOf(Pair pair) {
    Semi l = left.byFacts.get(new Key(pair.left));
    Semi r = right.byFacts.get(new Key(pair.right));
    Integer known = l == null || r == null ? null : l.contexts.get(r.id);
    if (known != null) {
      return known;
    }
    if (counts.size() >= MAX_CONTEXTS) {
      return -1;
    }
    l = left.intern(pair.left);
    r = right.intern(pair.right);
    l.contexts.put(r.id, counts.size());
    counts.add(new int[2]);
    return counts.size() - 1;
  }

  private static int[] intersect(int[] a, int[] sortedB) {
    int[] out = new int[a.length];
    int n = 0;
    for (int x : a) {
      if (Arrays.binarySearch(sortedB, x) >= 0) {
        out[n++] = x;
      }
    }
    return n == a.length ? a : Arrays.copyOf(out, n);
  }

  /** A half of a context: its facts and, for left halves, the contexts it starts (right id to context id). */
  private static final class Semi {
    final int id;
    final int[] facts;
    final Map<Integer, Integer> contexts = new LinkedHashMap<>();
    int matched;
    /** The part of this half seen at the last crossing (right halves), computed when first asked. */
    int[] seen;

    /** The facts of this half that are in {@code group}, the group it was last crossed with. */
    int[] seen(int[] group) {
      if (seen == null) {
        seen = intersect(facts, group);
      }
      return seen;
    }

    Semi(int id, int[] facts) {
      this.id = id;
      this.facts = facts;
    }
  }

  /** All halves of one side, indexed by their facts, and those the last crossing touched. */
  private static final class Side {
    final List<Semi> all = new ArrayList<>();
    final Map<Key, Semi> byFacts = new HashMap<>();
    final Map<Integer, List<Semi>> byFact = new HashMap<>();
    List<Semi> crossed = new ArrayList<>();

    Semi intern(int[] facts) {
      return byFacts.computeIfAbsent(new Key(facts), k -> {
        Semi s = new Semi(all.size(), facts);
        all.add(s);
        for (int f : facts) {
          byFact.computeIfAbsent(f, x -> new ArrayList<>()).add(s);
        }
        return s;
      });
    }

    /** Counts, for every half sharing a fact with {@code group}, how many of its facts are in it. */
    void cross(int[] group) {
      for (Semi s : crossed) {
        s.matched = 0;
        s.seen = null;
      }
      List<Semi> touched = new ArrayList<>();
      for (int f : group) {
        for (Semi s : byFact.getOrDefault(f, List.of())) {
          if (s.matched++ == 0) {
            touched.add(s);
          }
        }
      }
      crossed = touched;
    }
  }

  /** Facts as a map key (arrays compare by identity). */
  private record Key(int[] facts) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Arrays.equals(facts, k.facts);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(facts);
    }
  }

  /** A candidate context: left facts and right facts. */
  private record Pair(int[] left, int[] right, int hash) {
    Pair(int[] left, int[] right) {
      this(left, right, 31 * Arrays.hashCode(left) + Arrays.hashCode(right));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Pair p && hash == p.hash && Arrays.equals(left, p.left) && Arrays.equals(right, p.right);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
