package org.regnet.crystal.graph;

import org.regnet.crystal.Structure;
import org.regnet.crystal.StructureException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the neighbour graph of SCIENCE.md §1. A {@link GraphKind#RADIUS} graph holds every periodic
 * neighbour within the cutoff (none is legal). A {@link GraphKind#NEAREST} graph: per atom the M nearest periodic neighbours
 * within the cutoff, extended to the whole shell of the M-th (within the shell tolerance) up
 * to a hard cap. Ties are ordered by (distance, target, image), so the result is
 * deterministic. Each atom's neighbours are selected as soon as the search has found them
 * all, so memory is O(N·M) however many pairs lie within the cutoff.
 * <p>Speed: the search first looks only as far as the density says M neighbours should be
 * (1.6 × the radius of a sphere holding M atoms on average), about a third of the pairs within
 * 8 Å for a typical solid; when any atom has fewer than M there, it searches the full cutoff.
 * Both give the same graph. Stateless and thread-safe.
 */
public final class NeighborGraphBuilder {
    private static final double WIDEN_FACTOR = 1.5;
    private static final double FIRST_RADIUS_FACTOR = 1.6;
    private final GraphSettings settings;

    public NeighborGraphBuilder(GraphSettings settings) {
        this.settings = settings;
    }

    public GraphSettings settings() { return settings; }

    /**
     * On a radius graph an atom without neighbours is legal (its messages are zero: SCIENCE.md §1),
     * but a user should know that it sees only its element and the reciprocal block: one note.
     */
    private static List<String> isolatedAtoms(NeighborGraph graph, double cutoff) {
        List<Integer> isolated = new ArrayList<>();
        for (int i = 0; i < graph.atomCount(); i++) if (graph.degree(i) == 0) isolated.add(i);
        if (isolated.isEmpty()) return List.of();
        return List.of(String.format(java.util.Locale.ROOT, "%d atom%s with no neighbour within %.2f Å (atom%s %s)",
                isolated.size(), isolated.size() == 1 ? "" : "s", cutoff, isolated.size() == 1 ? "" : "s",
                isolated.size() > 5 ? isolated.subList(0, 5) + " and more" : isolated.toString()));
    }

    /**
     * @throws StructureException         an isolated atom, or too few neighbours under ERROR
     * @throws SkippedStructureException  too few neighbours under SKIP
     */
    public NeighborGraph build(Structure s) {
        if (settings.kind() == GraphKind.RADIUS) {
            NeighborGraph graph = select(s, settings.cutoff()).graph(settings.cutoff(), List.of());
            return graph.withWarnings(isolatedAtoms(graph, settings.cutoff()));
        }
        double cutoff = settings.cutoff();
        double density = s.size() / s.lattice().volume();
        double expected = Math.cbrt(3.0 * Math.min(settings.maxNeighbors(), 1 << 20) / (4 * Math.PI * density));
        while (true) {
            Selector sel = select(s, Math.min(cutoff, FIRST_RADIUS_FACTOR * expected));
            if (sel.worstCount < settings.maxNeighbors() && sel.radius < cutoff) sel = select(s, cutoff);
            int worst = sel.worstAtom;
            int have = sel.worstCount;
            if (s.size() == 0 || have >= settings.maxNeighbors()) return sel.graph(cutoff, List.of());
            String problem = String.format("atom %d (%s) has %s within %s Å (want %d)", worst + 1, s.element(worst).symbol(),
                    have == 0 ? "no neighbours" : "only " + have + " neighbour" + (have == 1 ? "" : "s"),
                    new java.math.BigDecimal(cutoff).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString(), settings.maxNeighbors());
            switch (settings.underfilled()) {
                case WIDEN -> {
                    if (cutoff >= settings.maxCutoff()) {
                        if (have == 0) throw new StructureException(s.id(), 0, problem + " even after widening the cutoff to its maximum");
                        return sel.graph(cutoff, List.of(problem + " after widening the cutoff to its maximum"));
                    }
                    cutoff = Math.min(settings.maxCutoff(), cutoff * WIDEN_FACTOR);
                }
                case WARN -> {
                    if (have == 0) throw new StructureException(s.id(), 0, problem + ": isolated atom");
                    return sel.graph(cutoff, List.of(problem));
                }
                case ERROR -> throw new StructureException(s.id(), 0, problem);
                case SKIP -> throw new SkippedStructureException(s.id(), "skipped: " + problem);
            }
        }
    }

    private Selector select(Structure s, double radius) {
        Selector sel = new Selector(s.size(), radius, settings);
        NeighborSearch.forEachPair(s, radius + settings.shellTolerance(), sel);
        sel.finish();
        return sel;
    }

    /**
     * Receives the pairs of one atom after another and keeps each atom's selection. Exact for
     * every atom with at least M neighbours within the radius (the shell of the M-th then lies
     * within radius + tolerance, which the search covered).
     */
    private static final class Selector implements NeighborSearch.PairConsumer {
        private static final int INSERTION_SORT_LIMIT = 24;
        private final int atoms;
        final double radius;
        private final GraphSettings settings;
        // the current atom's candidates
        private int current = 0;
        private int size;
        private int[] target = new int[256];
        private int[] image = new int[768];
        private double[] distance = new double[256];
        private double[] scratch = new double[256];
        // the selection so far
        private final int[] start;
        private int edges;
        private int[] outTarget;
        private int[] outImage;
        private double[] outDistance;
        private final List<String> capWarnings = new ArrayList<>();
        int worstAtom = -1;
        int worstCount = Integer.MAX_VALUE;

        Selector(int atoms, double radius, GraphSettings settings) {
            this.atoms = atoms;
            this.radius = radius;
            this.settings = settings;
            this.start = new int[atoms + 1];
            int guess = (int) Math.min(Integer.MAX_VALUE - 8, (long) atoms * Math.min(settings.maxNeighbors() + 4, 64));
            outTarget = new int[guess];
            outImage = new int[3 * guess];
            outDistance = new double[guess];
        }

        @Override
        public void accept(int i, int j, int t0, int t1, int t2, double d) {
            while (current < i) selectCurrent();
            if (size == target.length) {
                target = Arrays.copyOf(target, 2 * size);
                image = Arrays.copyOf(image, 6 * size);
                distance = Arrays.copyOf(distance, 2 * size);
                scratch = new double[2 * size];
            }
            target[size] = j;
            image[3 * size] = t0;
            image[3 * size + 1] = t1;
            image[3 * size + 2] = t2;
            distance[size++] = d;
        }

        void finish() {
            while (current < atoms) selectCurrent();
        }

        /**
         * Radius graph: everything within the radius. Nearest: everything within the cutoff when that
         * is at most M; else the M nearest and the rest of the M-th's shell.
         */
        private void selectCurrent() {
            boolean radiusGraph = settings.kind() == GraphKind.RADIUS;
            int m = radiusGraph ? Integer.MAX_VALUE : settings.maxNeighbors();
            int within = 0;
            for (int e = 0; e < size; e++) if (distance[e] <= radius) scratch[within++] = distance[e];
            if (within < worstCount) {
                worstCount = within;
                worstAtom = current;
            }
            double limit = radius;
            if (within >= m) limit = nthSmallest(scratch, within, m - 1) + settings.shellTolerance();
            int k = keepWithin(limit);
            if (!radiusGraph && k > settings.hardCap()) {
                capWarnings.add(String.format("atom %d: the shell at %.4f Å was cut at the hard cap of %d neighbours",
                        current + 1, distance[settings.hardCap() - 1], settings.hardCap()));
                k = settings.hardCap();
            }
            ensureOutput(edges + k);
            for (int e = 0; e < k; e++) {
                outTarget[edges + e] = target[e];
                System.arraycopy(image, 3 * e, outImage, 3 * (edges + e), 3);
                outDistance[edges + e] = distance[e];
            }
            edges += k;
            start[++current] = edges;
            size = 0;
        }

        /** The k-th smallest (0-based) of a[0..n), by quickselect: O(n), reorders a. */
        static double nthSmallest(double[] a, int n, int k) {
            int lo = 0, hi = n - 1;
            while (lo < hi) {
                double pivot = a[(lo + hi) >>> 1];
                int i = lo, j = hi;
                while (i <= j) {
                    while (a[i] < pivot) i++;
                    while (a[j] > pivot) j--;
                    if (i <= j) {
                        double t = a[i]; a[i] = a[j]; a[j] = t;
                        i++;
                        j--;
                    }
                }
                if (k <= j) hi = j;
                else if (k >= i) lo = i;
                else return a[k];
            }
            return a[k];
        }

        /** Moves candidates with distance ≤ limit to the front, ordered by (distance, target, image); returns their count. */
        private int keepWithin(double limit) {
            int front = 0;
            for (int e = 0; e < size; e++) if (distance[e] <= limit) swap(front++, e);
            if (front > INSERTION_SORT_LIMIT) {
                sortFront(front);
                return front;
            }
            for (int a = 1; a < front; a++) {  // insertion sort: nearest-neighbour lists are short (about M)
                for (int b = a; b > 0 && less(b, b - 1); b--) swap(b, b - 1);
            }
            return front;
        }

        /** Sorts the first n candidates by (distance, target, image) in O(n log n): radius graphs keep dozens per atom. */
        private void sortFront(int n) {
            Integer[] order = new Integer[n];
            for (int e = 0; e < n; e++) order[e] = e;
            Arrays.sort(order, (a, b) -> less(a, b) ? -1 : less(b, a) ? 1 : 0);
            int[] t = Arrays.copyOf(target, n), im = Arrays.copyOf(image, 3 * n);
            double[] d = Arrays.copyOf(distance, n);
            for (int e = 0; e < n; e++) {
                int from = order[e];
                target[e] = t[from];
                distance[e] = d[from];
                System.arraycopy(im, 3 * from, image, 3 * e, 3);
            }
        }

        private boolean less(int a, int b) {
            if (distance[a] != distance[b]) return distance[a] < distance[b];
            if (target[a] != target[b]) return target[a] < target[b];
            for (int k = 0; k < 3; k++) if (image[3 * a + k] != image[3 * b + k]) return image[3 * a + k] < image[3 * b + k];
            return false;
        }

        private void swap(int a, int b) {
            int t = target[a]; target[a] = target[b]; target[b] = t;
            double d = distance[a]; distance[a] = distance[b]; distance[b] = d;
            for (int k = 0; k < 3; k++) {
                int x = image[3 * a + k]; image[3 * a + k] = image[3 * b + k]; image[3 * b + k] = x;
            }
        }

        private void ensureOutput(int needed) {
            if (needed <= outTarget.length) return;
            int cap = Math.max(needed, 2 * outTarget.length);
            outTarget = Arrays.copyOf(outTarget, cap);
            outImage = Arrays.copyOf(outImage, 3 * cap);
            outDistance = Arrays.copyOf(outDistance, cap);
        }

        NeighborGraph graph(double cutoff, List<String> notes) {
            List<String> warnings = new ArrayList<>(notes);
            warnings.addAll(capWarnings);
            return new NeighborGraph(atoms, start, Arrays.copyOf(outTarget, edges), Arrays.copyOf(outImage, 3 * edges),
                    Arrays.copyOf(outDistance, edges), cutoff, warnings);
        }
    }
}
