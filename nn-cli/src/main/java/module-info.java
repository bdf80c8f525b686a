/** The simdnn command line: train, eval, predict, bench and info. */
module io.simdnn.cli {
    requires io.simdnn.train;
    requires io.simdnn.autodiff;
    requires info.picocli;
    requires me.tongfei.progressbar;
    requires xchart; // XChart 4 has no module name of its own: its automatic name comes from the jar
    requires java.desktop;
    requires java.logging;

    exports io.simdnn.cli;
    opens io.simdnn.cli to info.picocli;
}
