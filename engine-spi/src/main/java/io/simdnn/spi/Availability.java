package io.simdnn.spi;

/**
 * Whether a backend can run in this JVM, and if not, why and what to do about it.
 *
 * @param available true when the backend passed its checks
 * @param reason    for an available backend a short description (e.g. "float 256-bit, FMA"), otherwise why it is
 *                  unavailable and how to fix it
 */
public record Availability(boolean available, String reason) {
    public static Availability yes(String description) {
        return new Availability(true, description);
    }

    public static Availability no(String reason) {
        return new Availability(false, reason);
    }
}
