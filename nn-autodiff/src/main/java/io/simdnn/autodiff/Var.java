package io.simdnn.autodiff;

import io.simdnn.spi.Activation;
import java.util.Arrays;

/**
 * A node of a {@link Tape}: a float32 tensor of rank 0 (a scalar), 1 (a row vector) or 2 (rows = samples). Every
 * method that returns a {@code Var} records one op on the same tape and, while the tape is dynamic, computes its
 * value at once (define by run). Binary element-wise ops need equal shapes; {@link #addBias} broadcasts a row vector
 * over the rows, and the {@code float} overloads apply a constant to every element.
 */
public final class Var {
    final Tape tape;
    final int id;

    Var(Tape tape, int id) {
        this.tape = tape;
        this.id = id;
    }

    private Graph g() {
        return tape.graph();
    }

    public int rows() {
        return g().rows[id];
    }

    public int cols() {
        return g().cols[id];
    }

    /** 0 for a scalar, 1 for a vector, 2 for a matrix. */
    public int rank() {
        return g().rank[id];
    }

    /** Number of elements. */
    public int size() {
        return g().n(id);
    }

    /** "3x4", "5" or "scalar". */
    public String shape() {
        return Shapes.describe(rank(), rows(), cols());
    }

    /** A copy of the current value. */
    public float[] value() {
        Graph g = g();
        return Arrays.copyOfRange(g.val[id], g.valOff[id], g.valOff[id] + size());
    }

    /** The value of a one-element tensor. */
    public float item() {
        requireOne("item()");
        Graph g = g();
        return g.val[id][g.valOff[id]];
    }

    /** A copy of the gradient of the last {@link Tape#backward} (zeros for a variable the output does not reach). */
    public float[] grad() {
        Graph g = g();
        if (g.grd[id] == null) throw new IllegalStateException(this + " has no gradient: run backward first"
                + (g.need[id] ? "" : " (and it depends on no variable)"));
        return Arrays.copyOfRange(g.grd[id], g.grdOff[id], g.grdOff[id] + size());
    }

    /** The gradient of a one-element tensor. */
    public float gradItem() {
        requireOne("gradItem()");
        return grad()[0];
    }

    private void requireOne(String what) {
        if (size() != 1) throw new IllegalStateException(what + " needs one element; " + this + " has " + size());
    }

    /** Whether a gradient flows into this node (it depends on a variable). */
    public boolean requiresGrad() {
        return g().need[id];
    }

    @Override
    public String toString() {
        Graph g = g();
        return (g.op[id].isLeaf() ? g.name[id] : Explain.label(g, id)) + " (" + shape() + ")";
    }

    // ------------------------------------------------------------------------------------------------ element-wise

    public Var add(Var o) {
        return tape.binary(Op.ADD, this, o);
    }

    public Var sub(Var o) {
        return tape.binary(Op.SUB, this, o);
    }

    public Var mul(Var o) {
        return tape.binary(Op.MUL, this, o);
    }

    public Var div(Var o) {
        return tape.binary(Op.DIV, this, o);
    }

    /** this + c. */
    public Var add(float c) {
        return tape.unary(Op.ADD_C, this, c);
    }

    /** this − c. */
    public Var sub(float c) {
        return tape.unary(Op.ADD_C, this, -c);
    }

    /** c − this. */
    public Var rsub(float c) {
        return tape.unary(Op.RSUB_C, this, c);
    }

    /** this · c. */
    public Var mul(float c) {
        return tape.unary(Op.MUL_C, this, c);
    }

    /** this / c. */
    public Var div(float c) {
        return tape.unary(Op.DIV_C, this, c);
    }

    /** c / this (1/x for c = 1). */
    public Var rdiv(float c) {
        return tape.unary(Op.RDIV_C, this, c);
    }

    public Var neg() {
        return tape.unary(Op.NEG, this, 0f);
    }

    /** this^c for a constant exponent. */
    public Var pow(float c) {
        return tape.unary(Op.POW_C, this, c);
    }

    public Var exp() {
        return tape.unary(Op.EXP, this, 0f);
    }

    public Var log() {
        return tape.unary(Op.LOG, this, 0f);
    }

    public Var sin() {
        return tape.unary(Op.SIN, this, 0f);
    }

    public Var cos() {
        return tape.unary(Op.COS, this, 0f);
    }

    public Var sqrt() {
        return tape.unary(Op.SQRT, this, 0f);
    }

    /** An SPI activation with its default parameter. */
    public Var activate(Activation f) {
        return activate(f, f.defaultParameter());
    }

    /** An SPI activation with parameter p (γ of leaky ReLU and ELU, β of Swish; ignored by the others). */
    public Var activate(Activation f, float p) {
        return tape.activate(this, f, f.hasParameter() ? p : Float.NaN);
    }

    public Var sigmoid() {
        return activate(Activation.SIGMOID);
    }

    public Var tanh() {
        return activate(Activation.TANH);
    }

    public Var relu() {
        return activate(Activation.RELU);
    }

    // ------------------------------------------------------------------------------------------------ matrices

    /** this · o. */
    public Var matmul(Var o) {
        return matmul(o, false, false);
    }

    /** op(this) · op(o), op transposing where asked (no copy: the GEMM reads the stored layout). */
    public Var matmul(Var o, boolean transposeThis, boolean transposeOther) {
        return tape.matmul(this, o, transposeThis, transposeOther);
    }

    /** this · Wᵀ + b for W stored [out, in] (the dense layer's affine map, one fused SPI call); b may be null. */
    public Var linear(Var w, Var b) {
        return tape.linear(this, w, b);
    }

    /** this + b, the row vector b added to every row; b's gradient is the column sum. */
    public Var addBias(Var b) {
        return tape.addBias(this, b);
    }

    /** Sum of all elements: a scalar. */
    public Var sum() {
        return tape.reduce(Op.SUM, this, -1);
    }

    /** Sum over axis 0 (down the rows: one value per column) or 1 (along each row: one value per row). */
    public Var sum(int axis) {
        return tape.reduce(Op.SUM, this, axis);
    }

    public Var mean() {
        return tape.reduce(Op.MEAN, this, -1);
    }

    public Var mean(int axis) {
        return tape.reduce(Op.MEAN, this, axis);
    }

    /** The same elements in another shape: no dimensions for a scalar, one for a vector, two for a matrix. */
    public Var reshape(int... dims) {
        return tape.reshape(this, dims);
    }

    public Var transpose() {
        return tape.transpose(this);
    }

    /** Row-wise softmax. */
    public Var softmax() {
        return tape.rowwise(Op.SOFTMAX, this);
    }

    /** Row-wise log-softmax. */
    public Var logSoftmax() {
        return tape.rowwise(Op.LOG_SOFTMAX, this);
    }

    /** Row-wise log Σ exp: one value per row (a scalar for a vector). */
    public Var logSumExp() {
        return tape.rowwise(Op.LOG_SUM_EXP, this);
    }

    /**
     * Mean over the N rows of the softmax cross-entropy of these logits against target rows (one-hot or soft),
     * fused and stable; the gradient is (softmax − target)/N. Targets carry no gradient (they must be constants).
     */
    public Var softmaxCrossEntropy(Var target) {
        return tape.loss(Op.SOFTMAX_CE, this, target);
    }

    /** Sum of the element-wise sigmoid cross-entropy over N rows, divided by N; gradient (σ(z) − target)/N. */
    public Var sigmoidCrossEntropy(Var target) {
        return tape.loss(Op.SIGMOID_CE, this, target);
    }

    /** The same value, through which no gradient flows. */
    public Var stopGradient() {
        return tape.unary(Op.STOP_GRADIENT, this, 0f);
    }
}
