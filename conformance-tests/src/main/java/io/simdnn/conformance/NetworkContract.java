package io.simdnn.conformance;

public interface NetworkContract extends Contract {
}
