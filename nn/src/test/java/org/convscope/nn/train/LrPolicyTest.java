package org.convscope.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each of Caffe's learning-rate policies against its formula worked by hand; solver.prototxt parsing. */
class LrPolicyTest {
    static final double EPS = 1e-12;

    @Test
    void fixed() throws Exception {
        SolverSettings s = SolverSettings.sgd(0.01);
        assertEquals(0.01, s.rate(0), EPS);
        assertEquals(0.01, s.rate(123456), EPS);
    }

    @Test
    void step() throws Exception {
        SolverSettings s = SolverSettings.sgd(0.01).withStep(0.1, 100);
        assertEquals(0.01, s.rate(0), EPS);
        assertEquals(0.01, s.rate(99), EPS);
        assertEquals(0.001, s.rate(100), EPS);
        assertEquals(0.0001, s.rate(250), EPS);
    }

    @Test
    void inv() throws Exception {
        // LeNet's: 0.01 * (1 + 0.0001 * iter)^-0.75
        SolverSettings s = SolverSettings.lenet();
        assertEquals(0.01, s.rate(0), EPS);
        assertEquals(0.01 * Math.pow(1.1, -0.75), s.rate(1000), EPS);
        assertEquals(0.01 * Math.pow(2.0, -0.75), s.rate(10000), EPS);
        assertEquals(0.005946035575013605, s.rate(10000), 1e-15); // 0.01 / 2^0.75
    }

    @Test
    void theOtherPolicies() throws Exception {
        SolverSettings m = SolverSettings.sgd(1).withPolicy("multistep", 0.5, 0, 0, List.of(10, 20));
        assertEquals(1, m.rate(9), EPS);
        assertEquals(0.5, m.rate(10), EPS);
        assertEquals(0.25, m.rate(20), EPS);
        assertEquals(0.9 * 0.9 * 0.9, SolverSettings.sgd(1).withPolicy("exp", 0.9, 0, 0, List.of()).rate(3), EPS);
        SolverSettings poly = SolverSettings.sgd(2).withPolicy("poly", 0, 2, 0, List.of()).withMaxIter(100);
        assertEquals(2 * 0.75 * 0.75, poly.rate(25), EPS);
        assertEquals(0.5, SolverSettings.sgd(1).withPolicy("sigmoid", 0.1, 0, 50, List.of()).rate(50), EPS);
    }

    @Test
    void unknownPolicyIsAClearError() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SolverSettings.sgd(1).withPolicy("cosine", 0, 0, 0, List.of()));
        assertTrue(e.getMessage().contains("cosine") && e.getMessage().contains("inv"), e.getMessage());
    }

    @Test
    void readsCaffesLenetSolver(@TempDir Path dir) throws Exception {
        Path solver = dir.resolve("lenet_solver.prototxt");
        Files.writeString(solver, """
                # The train/test net protocol buffer definition
                net: "lenet_train_test.prototxt"
                test_iter: 100
                test_interval: 500
                base_lr: 0.01
                momentum: 0.9
                weight_decay: 0.0005
                lr_policy: "inv"
                gamma: 0.0001
                power: 0.75
                display: 100
                max_iter: 10000
                snapshot: 5000
                snapshot_prefix: "examples/mnist/lenet"
                solver_mode: GPU
                """);
        SolverSettings s = SolverSettings.read(solver);
        assertEquals(dir.toAbsolutePath().resolve("lenet_train_test.prototxt"), s.net());
        assertEquals(0.9, s.momentum(), 1e-7);
        assertEquals(0.0005, s.weightDecay(), 1e-9);
        assertEquals("inv", s.lrPolicy());
        assertEquals(10000, s.maxIter());
        assertEquals(5000, s.snapshot());
        assertEquals("examples/mnist/lenet", s.snapshotPrefix());
        assertEquals(SolverSettings.lenet().rate(5000), s.rate(5000), 1e-9);
    }
}
