import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;

import java.nio.file.Path;
import java.util.Arrays;

/** Loads a TorchScript model through DJL inside a jconda environment and prints the engine and one forward pass. */
public class DjlLoadCheck {
    public static void main(String[] args) throws Exception {
        Engine engine = Engine.getEngine("PyTorch");
        System.out.println("engine=" + engine.getEngineName() + " version=" + engine.getVersion());
        Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
                .optModelPath(Path.of(args[0])).optEngine("PyTorch").optTranslator(new NoopTranslator()).build();
        try (ZooModel<NDList, NDList> model = criteria.loadModel();
             Predictor<NDList, NDList> predictor = model.newPredictor();
             NDManager manager = NDManager.newBaseManager()) {
            float[] input = new float[]{5.1f, 3.5f, 1.4f, 0.2f};
            NDList out = predictor.predict(new NDList(manager.create(input, new ai.djl.ndarray.types.Shape(1, 4))));
            System.out.println("output=" + Arrays.toString(out.singletonOrThrow().toFloatArray()));
        }
        System.out.println("library.path=" + System.getenv("PYTORCH_LIBRARY_PATH"));
    }
}
