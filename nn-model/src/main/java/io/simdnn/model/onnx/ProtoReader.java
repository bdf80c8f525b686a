package io.simdnn.model.onnx;

import io.simdnn.model.io.ModelFormatException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/**
 * A protocol-buffers wire-format reader over a byte range, trusting nothing: a varint has at most 10 bytes, every
 * length lies within what remains of its enclosing message (checked with {@link Math#addExact}), messages nest at
 * most {@value #MAX_DEPTH} deep, and groups (wire types 3 and 4, deprecated) are refused. Every problem is a
 * {@link ModelFormatException} naming the source and the byte offset.
 */
final class ProtoReader {
    static final int VARINT = 0, FIXED64 = 1, LENGTH = 2, FIXED32 = 5;

    /** Deeper than any ONNX model this package reads (model → graph → node → attribute → tensor). */
    static final int MAX_DEPTH = 16;

    private final String source;
    private final byte[] bytes;
    private final int end, depth;
    private int pos;
    private int field, wireType;

    ProtoReader(String source, byte[] bytes) {
        this(source, bytes, 0, bytes.length, 0);
    }

    private ProtoReader(String source, byte[] bytes, int start, int end, int depth) {
        this.source = source;
        this.bytes = bytes;
        this.pos = start;
        this.end = end;
        this.depth = depth;
    }

    /** Reads the next field's key; false at the end of the message. */
    boolean next() throws ModelFormatException {
        if (pos >= end) return false;
        int at = pos;
        long key = varint();
        field = (int) (key >>> 3);
        wireType = (int) (key & 7);
        if (key >>> 3 > 0x1FFF_FFFF || field == 0) throw error(at, "field number " + (key >>> 3) + " is invalid");
        if (wireType != VARINT && wireType != FIXED64 && wireType != LENGTH && wireType != FIXED32) {
            throw error(at, "wire type " + wireType + " (field " + field + ") is not supported");
        }
        return true;
    }

    boolean hasRemaining() {
        return pos < end;
    }

    int field() {
        return field;
    }

    int wireType() {
        return wireType;
    }

    long varint() throws ModelFormatException {
        int at = pos;
        long v = 0;
        for (int i = 0; i < 10; i++) {
            if (pos >= end) throw error(at, "truncated varint");
            int b = bytes[pos++] & 0xFF;
            if (i == 9 && b > 1) throw error(at, "varint overflows 64 bits");
            v |= (long) (b & 0x7F) << (7 * i);
            if (b < 0x80) return v;
        }
        throw error(at, "varint longer than 10 bytes");
    }

    int fixed32() throws ModelFormatException {
        need(4);
        int v = (bytes[pos] & 0xFF) | (bytes[pos + 1] & 0xFF) << 8 | (bytes[pos + 2] & 0xFF) << 16
                | (bytes[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    long fixed64() throws ModelFormatException {
        long lo = fixed32() & 0xFFFF_FFFFL, hi = fixed32() & 0xFFFF_FFFFL;
        return lo | hi << 32;
    }

    /** The current field as a varint, checking its wire type. */
    long varintField() throws ModelFormatException {
        expect(VARINT);
        return varint();
    }

    /** A varint field that must fit an int (a count, an enum, a flag). */
    int intField() throws ModelFormatException {
        int at = pos;
        long v = varintField();
        if (v != (int) v) throw error(at, "field " + field + " = " + v + " does not fit 32 bits");
        return (int) v;
    }

    float floatField() throws ModelFormatException {
        expect(FIXED32);
        return Float.intBitsToFloat(fixed32());
    }

    /** The start of the current length-delimited field's payload; its length is {@link #lengthOf}. */
    private int[] span() throws ModelFormatException {
        expect(LENGTH);
        int at = pos;
        long length = varint();
        if (length < 0 || length > end - pos) { // a 10-byte varint can be negative as a long
            throw error(at, "field " + field + " claims " + Long.toUnsignedString(length) + " bytes but "
                    + (end - pos) + " remain");
        }
        int start = pos;
        pos = Math.addExact(pos, (int) length);
        return new int[] {start, (int) length};
    }

    /** The current length-delimited field as a nested message. */
    ProtoReader message() throws ModelFormatException {
        if (depth + 1 > MAX_DEPTH) throw error(pos, "messages nest deeper than " + MAX_DEPTH);
        int[] s = span();
        return new ProtoReader(source, bytes, s[0], s[0] + s[1], depth + 1);
    }

    /** The current length-delimited field's bytes as a view (not copied). */
    ByteBuffer bytes() throws ModelFormatException {
        int[] s = span();
        return ByteBuffer.wrap(bytes, s[0], s[1]).slice();
    }

    String string() throws ModelFormatException {
        int at = pos;
        ByteBuffer b = bytes();
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(b).toString();
        } catch (CharacterCodingException e) {
            throw error(at, "field " + field + " is not valid UTF-8");
        }
    }

    /** Skips the current field. */
    void skip() throws ModelFormatException {
        switch (wireType) {
            case VARINT -> varint();
            case FIXED64 -> need(8, true);
            case FIXED32 -> need(4, true);
            default -> span();
        }
    }

    /** Whether the current field is a packed (length-delimited) repeated scalar rather than one element. */
    boolean packed() {
        return wireType == LENGTH;
    }

    private void expect(int type) throws ModelFormatException {
        if (wireType != type) {
            throw error(pos, "field " + field + " has wire type " + wireType + ", expected " + type);
        }
    }

    private void need(int n) throws ModelFormatException {
        need(n, false);
    }

    private void need(int n, boolean advance) throws ModelFormatException {
        if (end - pos < n) throw error(pos, "truncated: " + n + " bytes needed, " + (end - pos) + " remain");
        if (advance) pos += n;
    }

    ModelFormatException error(int at, String message) {
        return new ModelFormatException(source + ": byte " + at + ": " + message);
    }

    ModelFormatException error(String message) {
        return error(pos, message);
    }
}
