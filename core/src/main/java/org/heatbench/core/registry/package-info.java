/**
 * The one extension mechanism of HeatBench: {@link org.heatbench.core.registry.Registry} instances of named entries
 * — attribution methods, perturbation functions, region schemes, importers — each described by a {@link
 * org.heatbench.core.registry.Descriptor} (name, aliases, family, summary, paper, {@link
 * org.heatbench.core.registry.ParameterDescriptor parameters} with defaults and validation) and written as a
 * canonical {@link org.heatbench.core.registry.Spec} that parses back to itself. Registries are built by {@link
 * java.util.ServiceLoader} discovery of each kind's provider interface (a {@link
 * org.heatbench.core.registry.Registered} subtype), so a plugin jar on the class path adds entries everywhere
 * (docs/EXTENDING.md).
 *
 * <p>Depends on: the JDK only.
 */
package org.heatbench.core.registry;
