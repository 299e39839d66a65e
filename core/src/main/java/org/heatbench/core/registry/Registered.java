package org.heatbench.core.registry;

/**
 * The provider interface shared by every registry kind: an entry describes itself. Each kind extends it with what
 * creates the thing (e.g. {@code MethodFactory#create}); an implementation with a public no-argument constructor,
 * listed in {@code META-INF/services/<the kind's interface>}, is found by {@link Registry#discover} — that is how a
 * plugin jar on the class path adds an entry to the command line, the Spark driver and every executor.
 */
public interface Registered {

    /** @return name, aliases, parameters and documentation */
    Descriptor descriptor();

    /**
     * Turns a spec in another ecosystem's naming into one of this entry's (e.g. {@code lrp_epsilon_0_01} →
     * {@code lrp:epsilon=0.01}); consulted only for names no entry or alias has.
     *
     * @return the rewritten spec, or {@code null} when the name is not this entry's
     */
    default Spec rewrite(Spec spec) {
        return null;
    }
}
