package org.heatbench.datasets.synth;

/**
 * A vector of the cardiac dipole space: X from right to left, Y from head to feet (inferior), Z from front to back
 * (posterior) — the axes of the Frank lead system that the Dower transform expects.
 */
public record Vec3(double x, double y, double z) {

    public double norm() {
        return Math.sqrt(x * x + y * y + z * z);
    }

    public Vec3 times(double s) {
        return new Vec3(x * s, y * s, z * s);
    }

    /** @return this vector scaled to length 1 */
    public Vec3 unit() {
        double n = norm();
        return new Vec3(x / n, y / n, z / n);
    }

    public double dot(Vec3 o) {
        return x * o.x + y * o.y + z * o.z;
    }

    /** @return this vector rotated by {@code a} about X, then {@code b} about Y, then {@code c} about Z (radians) */
    public Vec3 rotated(double a, double b, double c) {
        double y1 = y * Math.cos(a) - z * Math.sin(a);
        double z1 = y * Math.sin(a) + z * Math.cos(a);
        double x2 = x * Math.cos(b) + z1 * Math.sin(b);
        double z2 = -x * Math.sin(b) + z1 * Math.cos(b);
        double x3 = x2 * Math.cos(c) - y1 * Math.sin(c);
        double y3 = x2 * Math.sin(c) + y1 * Math.cos(c);
        return new Vec3(x3, y3, z2);
    }

    /** @return the component-wise product */
    public Vec3 scaled(Vec3 s) {
        return new Vec3(x * s.x, y * s.y, z * s.z);
    }
}
