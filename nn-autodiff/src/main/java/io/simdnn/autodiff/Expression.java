package io.simdnn.autodiff;

import io.simdnn.spi.Activation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A scalar expression: parsed from text, evaluated in double, differentiated symbolically (with the obvious
 * simplifications), and recorded on a {@link Tape} as a computation graph, so that numerical, symbolic and
 * automatic differentiation can be compared on one function.
 *
 * <p>Grammar (whitespace is ignored; {@code ^} binds tighter than unary minus and is right-associative, so
 * {@code -x^2} is −(x²) and {@code 2^3^2} is 2⁹):
 * <pre>
 * expression := term (('+' | '-') term)*
 * term       := unary (('*' | '/') unary)*
 * unary      := '-' unary | power
 * power      := primary ('^' unary)?
 * primary    := number | name | function '(' expression ')' | '(' expression ')'
 * number     := digits ['.' digits] [('e' | 'E') ['+' | '-'] digits]
 * name       := letter (letter | digit | '_')*
 * function   := exp | log | sin | cos | sqrt | sigmoid | tanh | relu | softplus | any activation of the SPI
 * </pre>
 * A bad expression is an {@link ParseException} that names the column.
 */
public final class Expression {

    /** A syntax error at a 1-based column. */
    public static final class ParseException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final int column;
        private final String reason, text;

        ParseException(String text, int column, String reason) {
            super("column " + column + ": " + reason + "\n  " + text + "\n  " + " ".repeat(column - 1) + "^");
            this.column = column;
            this.reason = reason;
            this.text = text;
        }

        /** The 1-based column the error points at. */
        public int column() {
            return column;
        }

        /** What is wrong there, without the column. */
        public String reason() {
            return reason;
        }

        /** The expression, then a caret under the column, on two lines. */
        public String pointer() {
            return text + "\n" + " ".repeat(column - 1) + "^";
        }
    }

    /** The functions of the grammar besides the activations. */
    static final Set<String> ELEMENTARY = Set.of("exp", "log", "sin", "cos", "sqrt");

    sealed interface Node permits Num, Sym, Neg, Bin, Fn {}

    record Num(double value) implements Node {}

    record Sym(String name) implements Node {}

    record Neg(Node arg) implements Node {}

    /** op is one of + - * / ^. */
    record Bin(char op, Node left, Node right) implements Node {}

    record Fn(String name, Node arg) implements Node {}

    private final Node root;

    private Expression(Node root) {
        this.root = root;
    }

    /** Parses {@code text}; the error of a bad expression names the column. */
    public static Expression parse(String text) {
        return new Expression(new Parser(text).parseAll());
    }

    /** The names in order of first appearance. */
    public List<String> variables() {
        Set<String> names = new LinkedHashSet<>();
        collect(root, names);
        return List.copyOf(names);
    }

    private static void collect(Node n, Set<String> names) {
        switch (n) {
            case Num x -> { }
            case Sym s -> names.add(s.name());
            case Neg g -> collect(g.arg(), names);
            case Bin b -> {
                collect(b.left(), names);
                collect(b.right(), names);
            }
            case Fn f -> collect(f.arg(), names);
        }
    }

    /** The value in double at the given point (every name must have a value). */
    public double evaluate(Map<String, Double> at) {
        return eval(root, at);
    }

    private static double eval(Node n, Map<String, Double> at) {
        return switch (n) {
            case Num x -> x.value();
            case Sym s -> {
                Double v = at.get(s.name());
                if (v == null) throw new IllegalArgumentException("no value for " + s.name());
                yield v;
            }
            case Neg g -> -eval(g.arg(), at);
            case Bin b -> {
                double l = eval(b.left(), at), r = eval(b.right(), at);
                yield switch (b.op()) {
                    case '+' -> l + r;
                    case '-' -> l - r;
                    case '*' -> l * r;
                    case '/' -> l / r;
                    default -> Math.pow(l, r);
                };
            }
            case Fn f -> apply(f.name(), eval(f.arg(), at));
        };
    }

    private static double apply(String fn, double x) {
        return switch (fn) {
            case "exp" -> Math.exp(x);
            case "log" -> Math.log(x);
            case "sin" -> Math.sin(x);
            case "cos" -> Math.cos(x);
            case "sqrt" -> Math.sqrt(x);
            case "step" -> x > 0 ? 1 : 0;
            default -> {
                Activation a = Activation.parse(fn);
                yield Float64Graph.activation(a, a.defaultParameter(), x);
            }
        };
    }

    /**
     * The derivative with respect to {@code name}, by the rules of calculus, simplified (0 and 1 terms dropped,
     * numbers folded, double negations removed). Activations other than sigmoid, tanh, softplus and ReLU have no
     * symbolic rule here ({@link UnsupportedOperationException}).
     */
    public Expression derivative(String name) {
        return new Expression(simplify(d(root, name)));
    }

    private static Node d(Node n, String v) {
        return switch (n) {
            case Num x -> new Num(0);
            case Sym s -> new Num(s.name().equals(v) ? 1 : 0);
            case Neg g -> new Neg(d(g.arg(), v));
            case Bin b -> {
                Node l = b.left(), r = b.right(), dl = d(l, v), dr = d(r, v);
                yield switch (b.op()) {
                    case '+', '-' -> new Bin(b.op(), dl, dr);
                    case '*' -> new Bin('+', new Bin('*', dl, r), new Bin('*', l, dr));
                    case '/' -> new Bin('/', new Bin('-', new Bin('*', dl, r), new Bin('*', l, dr)),
                            new Bin('^', r, new Num(2)));
                    default -> r instanceof Num c
                            ? new Bin('*', new Bin('*', c, new Bin('^', l, new Num(c.value() - 1))), dl)
                            : new Bin('*', n, new Bin('+', new Bin('*', dr, new Fn("log", l)),
                                    new Bin('/', new Bin('*', r, dl), l)));
                };
            }
            case Fn f -> {
                Node a = f.arg(), da = d(a, v);
                Node outer = switch (f.name()) {
                    case "exp" -> f;
                    case "log" -> new Bin('/', new Num(1), a);
                    case "sin" -> new Fn("cos", a);
                    case "cos" -> new Neg(new Fn("sin", a));
                    case "sqrt" -> new Bin('/', new Num(1), new Bin('*', new Num(2), f));
                    case "sigmoid" -> new Bin('*', f, new Bin('-', new Num(1), f));
                    case "tanh" -> new Bin('-', new Num(1), new Bin('^', f, new Num(2)));
                    case "softplus" -> new Fn("sigmoid", a);
                    case "relu" -> new Fn("step", a);
                    case "step" -> new Num(0);
                    default -> throw new UnsupportedOperationException(
                            "no symbolic rule for " + f.name() + " (sigmoid, tanh, softplus and relu have one)");
                };
                yield new Bin('*', outer, da);
            }
        };
    }

    private static Node simplify(Node n) {
        return switch (n) {
            case Num x -> x;
            case Sym s -> s;
            case Neg g -> {
                Node a = simplify(g.arg());
                if (a instanceof Num x) yield new Num(x.value() == 0 ? 0 : -x.value());
                if (a instanceof Neg inner) yield inner.arg();
                yield new Neg(a);
            }
            case Fn f -> new Fn(f.name(), simplify(f.arg()));
            case Bin b -> simplifyBin(b.op(), simplify(b.left()), simplify(b.right()));
        };
    }

    private static boolean is(Node n, double v) {
        return n instanceof Num x && x.value() == v;
    }

    private static Node simplifyBin(char op, Node l, Node r) {
        if (l instanceof Num a && r instanceof Num b && op != '/') {
            return new Num(switch (op) {
                case '+' -> a.value() + b.value();
                case '-' -> a.value() - b.value();
                case '*' -> a.value() * b.value();
                default -> Math.pow(a.value(), b.value());
            });
        }
        switch (op) {
            case '+' -> {
                if (is(l, 0)) return r;
                if (is(r, 0)) return l;
                if (r instanceof Neg g) return simplifyBin('-', l, g.arg());
                if (l instanceof Neg g) return simplifyBin('-', r, g.arg());
            }
            case '-' -> {
                if (is(r, 0)) return l;
                if (is(l, 0)) return simplify(new Neg(r));
                if (r instanceof Neg g) return simplifyBin('+', l, g.arg());
                if (l.equals(r)) return new Num(0);
            }
            case '*' -> {
                if (is(l, 0) || is(r, 0)) return new Num(0);
                if (is(l, 1)) return r;
                if (is(r, 1)) return l;
                if (is(l, -1)) return simplify(new Neg(r));
                if (is(r, -1)) return simplify(new Neg(l));
                if (l instanceof Neg g) return simplify(new Neg(simplifyBin('*', g.arg(), r)));
                if (r instanceof Neg g) return simplify(new Neg(simplifyBin('*', l, g.arg())));
                if (r instanceof Num && !(l instanceof Num)) return new Bin('*', r, l);
            }
            case '/' -> {
                if (is(l, 0)) return new Num(0);
                if (is(r, 1)) return l;
                if (l instanceof Neg g) return simplify(new Neg(simplifyBin('/', g.arg(), r)));
                if (r instanceof Neg g) return simplify(new Neg(simplifyBin('/', l, g.arg())));
                if (l instanceof Num a && r instanceof Num b && b.value() != 0 && a.value() % b.value() == 0) {
                    return new Num(a.value() / b.value());
                }
            }
            default -> {
                if (is(r, 1)) return l;
                if (is(r, 0)) return new Num(1);
            }
        }
        return new Bin(op, l, r);
    }

    // ------------------------------------------------------------------------------------------------ printing

    @Override
    public String toString() {
        return print(root);
    }

    private static int precedence(Node n) {
        return switch (n) {
            case Bin b -> b.op() == '+' || b.op() == '-' ? 1 : b.op() == '^' ? 4 : 2;
            case Neg g -> 3;
            case Num x -> x.value() < 0 ? 3 : 5;
            default -> 5;
        };
    }

    private static String print(Node n) {
        return switch (n) {
            case Num x -> Explain.num(x.value());
            case Sym s -> s.name();
            case Neg g -> "-" + wrap(g.arg(), precedence(g.arg()) < 3 || g.arg() instanceof Neg);
            case Fn f -> f.name() + "(" + print(f.arg()) + ")";
            case Bin b -> {
                int p = precedence(n);
                boolean rightAssoc = b.op() == '^';
                String l = wrap(b.left(), precedence(b.left()) < p || (rightAssoc && precedence(b.left()) == p)
                        || (b.op() == '^' && b.left() instanceof Neg));
                String r = wrap(b.right(), precedence(b.right()) < p
                        || (!rightAssoc && precedence(b.right()) == p && (b.op() == '-' || b.op() == '/')));
                yield b.op() == '^' ? l + "^" + r : l + " " + b.op() + " " + r;
            }
        };
    }

    private static String wrap(Node n, boolean parens) {
        return parens ? "(" + print(n) + ")" : print(n);
    }

    // ------------------------------------------------------------------------------------------------ graphs

    /**
     * Records the expression on {@code tape} with the nodes of the course notes: a number next to a node becomes
     * an op with a constant (h + 1, 1/h, 2·h), names are leaves taken from {@code leaves} (create them first, as
     * variables or constants), {@code a^b} with a non-constant exponent becomes exp(b·log a).
     */
    public Var record(Tape tape, Map<String, Var> leaves) {
        Object r = graph(tape, root, leaves);
        if (r instanceof Var v) return v;
        return tape.constant(Explain.num((Double) r), ((Double) r).floatValue());
    }

    /** A {@link Var}, or a Double for a constant sub-expression (folded). */
    private static Object graph(Tape t, Node n, Map<String, Var> leaves) {
        switch (n) {
            case Num x -> {
                return x.value();
            }
            case Sym s -> {
                Var v = leaves.get(s.name());
                if (v == null) throw new IllegalArgumentException("no leaf for " + s.name());
                return v;
            }
            case Neg g -> {
                Object a = graph(t, g.arg(), leaves);
                return a instanceof Var v ? v.neg() : (Object) (-(Double) a);
            }
            case Fn f -> {
                Object a = graph(t, f.arg(), leaves);
                if (a instanceof Double x) return apply(f.name(), x);
                Var v = (Var) a;
                return switch (f.name()) {
                    case "exp" -> v.exp();
                    case "log" -> v.log();
                    case "sin" -> v.sin();
                    case "cos" -> v.cos();
                    case "sqrt" -> v.sqrt();
                    default -> v.activate(Activation.parse(f.name()));
                };
            }
            case Bin b -> {
                Object l = graph(t, b.left(), leaves), r = graph(t, b.right(), leaves);
                if (l instanceof Double x && r instanceof Double y) {
                    return eval(new Bin(b.op(), new Num(x), new Num(y)), Map.of());
                }
                if (l instanceof Var a && r instanceof Var c) {
                    return switch (b.op()) {
                        case '+' -> a.add(c);
                        case '-' -> a.sub(c);
                        case '*' -> a.mul(c);
                        case '/' -> a.div(c);
                        default -> c.mul(a.log()).exp();
                    };
                }
                if (l instanceof Var a) {
                    float c = ((Double) r).floatValue();
                    return switch (b.op()) {
                        case '+' -> a.add(c);
                        case '-' -> a.sub(c);
                        case '*' -> a.mul(c);
                        case '/' -> a.div(c);
                        default -> a.pow(c);
                    };
                }
                Var a = (Var) r;
                float c = ((Double) l).floatValue();
                return switch (b.op()) {
                    case '+' -> a.add(c);
                    case '-' -> a.rsub(c);
                    case '*' -> a.mul(c);
                    case '/' -> a.rdiv(c);
                    default -> a.mul((float) Math.log(c)).exp();
                };
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ parser

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            if (text == null) throw new NullPointerException("expression");
            this.text = text;
        }

        Node parseAll() {
            skip();
            if (pos == text.length()) throw error("empty expression");
            Node n = expression();
            skip();
            if (pos < text.length()) {
                throw error(text.charAt(pos) == ')' ? "unmatched ')'" : "unexpected '" + text.charAt(pos) + "'");
            }
            return n;
        }

        private ParseException error(String message) {
            return new ParseException(text, pos + 1, message);
        }

        private void skip() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
        }

        private boolean eat(char c) {
            skip();
            if (pos < text.length() && text.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        private Node expression() {
            Node n = term();
            while (true) {
                if (eat('+')) n = new Bin('+', n, term());
                else if (eat('-')) n = new Bin('-', n, term());
                else return n;
            }
        }

        private Node term() {
            Node n = unary();
            while (true) {
                if (eat('*')) n = new Bin('*', n, unary());
                else if (eat('/')) n = new Bin('/', n, unary());
                else return n;
            }
        }

        private Node unary() {
            if (eat('-')) return new Neg(unary());
            Node base = primary();
            if (eat('^')) return new Bin('^', base, unary());
            return base;
        }

        private Node primary() {
            skip();
            if (pos == text.length()) throw error("expected a number, a name or '(' but the expression ended");
            char c = text.charAt(pos);
            if (c == '(') {
                int open = pos;
                pos++;
                Node n = expression();
                if (!eat(')')) {
                    skip();
                    throw pos == text.length() ? new ParseException(text, open + 1, "'(' is never closed")
                            : error("expected ')' but found '" + text.charAt(pos) + "'");
                }
                return n;
            }
            if (Character.isDigit(c) || c == '.') return number();
            if (Character.isLetter(c)) {
                int start = pos;
                while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) pos++;
                String name = text.substring(start, pos);
                skip();
                if (pos < text.length() && text.charAt(pos) == '(') {
                    String fn = name.toLowerCase(Locale.ROOT);
                    if (!isFunction(fn)) {
                        pos = start;
                        throw error("unknown function '" + name + "'; known: " + functions());
                    }
                    int open = pos++;
                    Node arg = expression();
                    if (!eat(')')) {
                        skip();
                        throw pos == text.length()
                                ? new ParseException(text, open + 1, "'(' of " + fn + " is never closed")
                                : error("expected ')' to close " + fn + "( but found '" + text.charAt(pos) + "'");
                    }
                    return new Fn(fn, arg);
                }
                return new Sym(name);
            }
            throw error(c == ')' ? "expected a number, a name or '(' before ')'"
                    : "unexpected '" + c + "' (expected a number, a name or '(')");
        }

        private Node number() {
            int start = pos;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) pos++;
            if (pos < text.length() && text.charAt(pos) == '.') {
                pos++;
                while (pos < text.length() && Character.isDigit(text.charAt(pos))) pos++;
            }
            if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
                int e = pos++;
                if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) pos++;
                if (pos == text.length() || !Character.isDigit(text.charAt(pos))) {
                    pos = e;
                    throw error("malformed exponent in a number");
                }
                while (pos < text.length() && Character.isDigit(text.charAt(pos))) pos++;
            }
            String s = text.substring(start, pos);
            if (s.equals(".")) {
                pos = start;
                throw error("'.' is not a number");
            }
            return new Num(Double.parseDouble(s));
        }
    }

    static boolean isFunction(String fn) {
        if (ELEMENTARY.contains(fn)) return true;
        for (Activation a : Activation.values()) {
            if (a != Activation.IDENTITY && a.name().toLowerCase(Locale.ROOT).equals(fn)) return true;
        }
        return false;
    }

    static String functions() {
        List<String> all = new ArrayList<>(List.of("exp", "log", "sin", "cos", "sqrt"));
        for (Activation a : Activation.values()) {
            if (a != Activation.IDENTITY) all.add(a.name().toLowerCase(Locale.ROOT));
        }
        return String.join(", ", all);
    }
}
