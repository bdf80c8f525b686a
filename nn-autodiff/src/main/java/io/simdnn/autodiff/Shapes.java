package io.simdnn.autodiff;

/** Shape words for messages and tables. */
final class Shapes {
    private Shapes() {}

    static String describe(int rank, int rows, int cols) {
        return switch (rank) {
            case 0 -> "scalar";
            case 1 -> Integer.toString(cols);
            default -> rows + "x" + cols;
        };
    }

    static String of(Graph g, int i) {
        return describe(g.rank[i], g.rows[i], g.cols[i]);
    }
}
