/** Networks on the backend SPI: layers, losses, initialisers, inference and model files. */
module io.simdnn.model {
    requires transitive io.simdnn.spi;
    exports io.simdnn.model;
}
