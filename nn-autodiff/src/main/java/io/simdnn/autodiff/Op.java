package io.simdnn.autodiff;

/**
 * The operation codes of a recorded graph. A node is data: its code, up to three input nodes, its shape and at most
 * one float constant, one activation and one integer attribute, so one recording serves the forward pass, reverse
 * mode, forward mode, replay and printing.
 */
public enum Op {
    /** A leaf the gradient is computed for (a parameter, or an input one differentiates by). */
    VARIABLE("variable"),
    /** A leaf that carries no gradient (data, targets, fixed numbers). */
    CONSTANT("constant"),
    ADD("+"), SUB("−"), MUL("·"), DIV("/"), NEG("−"),
    /** x + c. */
    ADD_C("+ c"),
    /** x · c. */
    MUL_C("· c"),
    /** c − x. */
    RSUB_C("c −"),
    /** x / c. */
    DIV_C("/ c"),
    /** c / x. */
    RDIV_C("c /"),
    /** x^c for a constant exponent c. */
    POW_C("^ c"),
    EXP("exp"), LOG("log"), SIN("sin"), COS("cos"), SQRT("sqrt"),
    /** An activation of the SPI with its parameter. */
    ACTIVATE("activate"),
    /** op(A)·op(B); the integer attribute holds the transposes (bit 0: A, bit 1: B). */
    MATMUL("matmul"),
    /** x·Wᵀ + b (W stored [out, in] as nn.Linear; b optional): the dense layer's fused affine map. */
    LINEAR("linear"),
    /** x + b with the row vector b added to every row. */
    ADD_BIAS("add bias"),
    /** Sum over all elements (attribute −1), over rows (0: one value per column) or columns (1: one per row). */
    SUM("sum"),
    /** Mean, with the axes of {@link #SUM}. */
    MEAN("mean"),
    RESHAPE("reshape"), TRANSPOSE("transpose"),
    /** Row-wise softmax. */
    SOFTMAX("softmax"),
    /** Row-wise log-softmax. */
    LOG_SOFTMAX("log softmax"),
    /** Row-wise log Σ exp. */
    LOG_SUM_EXP("log sum exp"),
    /** Mean over rows of the softmax cross-entropy of logits against target rows; gradient (p − y)/N. */
    SOFTMAX_CE("softmax cross-entropy"),
    /** Σ of the element-wise sigmoid cross-entropy divided by the rows N; gradient (σ(z) − y)/N. */
    SIGMOID_CE("sigmoid cross-entropy"),
    /** The identity forward, no gradient backward. */
    STOP_GRADIENT("stop gradient");

    private final String symbol;

    Op(String symbol) {
        this.symbol = symbol;
    }

    /** How the op prints in a graph table or DOT file. */
    public String symbol() {
        return symbol;
    }

    boolean isLeaf() {
        return this == VARIABLE || this == CONSTANT;
    }
}
