package io.simdnn.train;

import io.simdnn.model.Network;

/** The trained network (the best epoch's with early stopping, else the last) and the run's history. */
public record TrainingResult(Network network, History history) {}
