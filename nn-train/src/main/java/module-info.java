/** Training: optimisers, the trainer and data sets. */
module io.simdnn.train {
    requires transitive io.simdnn.model;
    exports io.simdnn.train;
    exports io.simdnn.train.data;
    exports io.simdnn.train.elm;
    exports io.simdnn.train.autoencoder;
}
