package io.simdnn.spark;

import io.simdnn.model.io.ArchitectureJson;
import io.simdnn.model.Architecture;
import io.simdnn.model.Network;
import io.simdnn.model.Parameters;
import java.io.Serializable;

/**
 * A network as broadcast to the executors: its architecture (JSON) and parameters. The {@link Network} is built
 * once per executor, on that executor's best backend, and shared by its tasks (a network is immutable and
 * thread-safe; each task makes its own {@code Predictor}).
 */
final class SharedNetwork implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String architectureJson;
    private final float[][] values;
    private transient volatile Network network;

    SharedNetwork(Network n) {
        this.architectureJson = ArchitectureJson.write(n.architecture());
        Parameters p = n.parameters();
        this.values = new float[p.count()][];
        for (int i = 0; i < values.length; i++) values[i] = p.values(i);
    }

    Network network() {
        Network n = network;
        if (n == null) {
            synchronized (this) {
                n = network;
                if (n == null) {
                    Architecture a = ArchitectureJson.read(architectureJson);
                    Parameters p = new Parameters(a);
                    for (int i = 0; i < values.length; i++) System.arraycopy(values[i], 0, p.values(i), 0, values[i].length);
                    network = n = Network.of(a, p, null);
                }
            }
        }
        return n;
    }
}
