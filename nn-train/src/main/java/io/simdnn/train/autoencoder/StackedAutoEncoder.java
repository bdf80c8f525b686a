package io.simdnn.train.autoencoder;

import io.simdnn.model.Architecture;
import io.simdnn.model.Init;
import io.simdnn.model.LayerSpec;
import io.simdnn.model.Network;
import io.simdnn.model.Output;
import io.simdnn.model.Parameters;
import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import io.simdnn.train.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Stacked (denoising) auto-encoders: greedy layer-wise pre-training, each layer an auto-encoder trained on the
 * clean codes of the layer below, then the stack of encoders as the initial hidden layers of a network that is
 * fine-tuned end to end with the ordinary {@code Trainer}.
 *
 * <pre>{@code
 * StackedAutoEncoder sdae = StackedAutoEncoder.pretrain(train, layerTrainer, 48, 24);
 * Network initial = sdae.classifier(10, Output.SOFTMAX, 7);
 * Network tuned = Trainer.train(initial, train, validation, config).network();
 * }</pre>
 */
public final class StackedAutoEncoder {
    private final List<AutoEncoder> layers;

    private StackedAutoEncoder(List<AutoEncoder> layers) {
        this.layers = List.copyOf(layers);
    }

    /**
     * Pre-trains one auto-encoder per code size, greedily: layer k is trained (with {@code trainer}'s settings —
     * corruption included, which makes it a stacked denoising auto-encoder — and code size {@code codeSizes[k]})
     * on the codes that layers 0…k−1 give the clean data.
     */
    public static StackedAutoEncoder pretrain(Dataset data, AutoEncoderTrainer trainer, int... codeSizes) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(trainer, "trainer");
        if (codeSizes.length == 0) throw new IllegalArgumentException("a stack needs at least one code size");
        List<AutoEncoderTrainer> perLayer = new ArrayList<>();
        for (int size : codeSizes) perLayer.add(trainer.toBuilder().code(size).build());
        return pretrain(data, perLayer);
    }

    /** Greedy pre-training with one trainer per layer (each with its own code size and settings). */
    public static StackedAutoEncoder pretrain(Dataset data, List<AutoEncoderTrainer> perLayer) {
        if (perLayer.isEmpty()) throw new IllegalArgumentException("a stack needs at least one layer");
        List<AutoEncoder> trained = new ArrayList<>();
        Dataset current = data;
        for (AutoEncoderTrainer t : perLayer) {
            AutoEncoder ae = t.fit(current);
            trained.add(ae);
            current = ae.encode(current);
        }
        return new StackedAutoEncoder(trained);
    }

    /** The pre-trained layers, input side first. */
    public List<AutoEncoder> layers() {
        return layers;
    }

    public int inputSize() {
        return layers.getFirst().inputSize();
    }

    /** The width of the top code. */
    public int codeSize() {
        return layers.getLast().codeSize();
    }

    /** The data set with its features replaced by the top-level codes. */
    public Dataset encode(Dataset data) {
        Dataset current = data;
        for (AutoEncoder ae : layers) current = ae.encode(current);
        return current;
    }

    /** The stacked encoder as one network: input → every code layer, linear output (the top code). */
    public Network encoder() {
        Architecture a = new Architecture(inputSize(), codeLayers(), Output.LINEAR);
        Parameters p = new Parameters(a);
        copyEncoders(p);
        return Network.of(a, p, layers.getFirst().encoder().backend());
    }

    /**
     * A network for supervised fine-tuning: the pre-trained encoder layers, then a new linear layer of
     * {@code outputs} units (Xavier-initialised from {@code seed}, bias 0) and the output link.
     */
    public Network classifier(int outputs, Output link, long seed) {
        return classifier(outputs, link, seed, null);
    }

    /** {@link #classifier(int, Output, long)} on a given backend (null: the layers' backend). */
    public Network classifier(int outputs, Output link, long seed, Backend backend) {
        List<LayerSpec> specs = new ArrayList<>(codeLayers());
        specs.add(new LayerSpec.Dense(outputs, Activation.IDENTITY, Float.NaN, true));
        Architecture a = new Architecture(inputSize(), specs, Objects.requireNonNull(link, "link"));
        Parameters p = Network.initialParameters(a, Init.XAVIER, seed);
        copyEncoders(p);
        return Network.of(a, p, backend != null ? backend : layers.getFirst().encoder().backend());
    }

    private List<LayerSpec> codeLayers() {
        List<LayerSpec> specs = new ArrayList<>();
        for (AutoEncoder ae : layers) specs.add(ae.codeLayer());
        return specs;
    }

    /** Tensors 2k and 2k+1 of the network are layer k's encoder weight and bias. */
    private void copyEncoders(Parameters p) {
        for (int k = 0; k < layers.size(); k++) {
            Weights w = layers.get(k).weights();
            System.arraycopy(w.w1, 0, p.values(2 * k), 0, w.w1.length);
            System.arraycopy(w.b1, 0, p.values(2 * k + 1), 0, w.b1.length);
        }
    }
}
