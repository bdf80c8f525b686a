/** The backend SPI of simdnn: the kernels every backend implements, and run-time backend selection. */
module io.simdnn.spi {
    exports io.simdnn.spi;
    uses io.simdnn.spi.BackendProvider;
}
