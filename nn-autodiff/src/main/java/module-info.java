/** Computation graphs on the SPI: dynamic tapes and static traced graphs, reverse and forward mode. */
module io.simdnn.autodiff {
    requires transitive io.simdnn.spi;
    exports io.simdnn.autodiff;
}
