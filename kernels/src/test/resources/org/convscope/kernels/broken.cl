// Deliberately broken: the build-failure test checks that the error names this file and
// carries the compiler's log.
__kernel void kernel_broken_f32(__global float *y) {
    y[get_global_id(0)] = undeclared_variable * 2.0f;
}
