/** The model: layers, networks, inference and model files, on the SPI alone. */
module io.simdnn.model {
    requires transitive io.simdnn.spi;
    exports io.simdnn.model;
    exports io.simdnn.model.io;
    exports io.simdnn.model.onnx;
}
