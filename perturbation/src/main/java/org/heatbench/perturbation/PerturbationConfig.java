package org.heatbench.perturbation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.Target;

/**
 * Every choice of the perturbation procedure, immutable; start from a preset and change it with the withers (which
 * mark the preset {@code custom}). {@link #canonical()} lists all parameters and is recorded in every output.
 *
 * @param preset where the configuration came from: {@code study}, {@code standard} or {@code custom}
 * @param scoreMode how attribution values become point scores
 * @param regions how records are cut into regions
 * @param perturbation what happens to a perturbed region
 * @param schedule steps and regions per step
 * @param orders the perturbation orders run; must contain {@link Order#MORF} (scores are defined on its curve)
 * @param aucSteps the n of the partial areas AUC@n (trapezoid over curve points 0..n); those above
 *     {@code schedule.steps()} are not reported
 * @param relativeError the relative-error definition
 */
public record PerturbationConfig(String preset, ScoreMode scoreMode, RegionScheme regions,
        PerturbationFunction perturbation, Schedule schedule, List<Order> orders, List<Integer> aucSteps,
        RelativeError relativeError) {

    /** The study's partial areas: first 5, 10, 15 and 25 iterations. */
    public static final List<Integer> STUDY_AUC_STEPS = List.of(5, 10, 15, 25);

    public PerturbationConfig {
        Objects.requireNonNull(preset, "preset");
        Objects.requireNonNull(scoreMode, "scoreMode");
        Objects.requireNonNull(regions, "regions");
        Objects.requireNonNull(perturbation, "perturbation");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(relativeError, "relativeError");
        orders = List.copyOf(orders);
        aucSteps = List.copyOf(aucSteps);
        if (!orders.contains(Order.MORF)) {
            throw new ConfigurationException("perturbation orders " + keys(orders) + " must include morf: the scores "
                    + "(AUC, AOPC, ABPC, gap to random) are defined on the MoRF curve");
        }
        if (orders.stream().distinct().count() != orders.size()) {
            throw new ConfigurationException("perturbation orders " + keys(orders) + " list an order twice");
        }
        int last = 0;
        for (int n : aucSteps) {
            if (n <= last) {
                throw new ConfigurationException("AUC steps must be positive and increasing, got " + aucSteps);
            }
            last = n;
        }
    }

    /**
     * The reference study's test (Storås et al., JAMIA 2025; {@code compare_heatmaps.py}): |attribution| scores,
     * single points ranked jointly over all leads, additive noise N(0, (0.2·(max − min))²), one point per step,
     * cumulative, MoRF only, and 199 perturbation steps — the study's {@code num_iterations = 200} counts the clean
     * prediction, so its curves have 200 points (0 = clean), as here. AUC@5/10/15/25 as the study printed them.
     */
    public static PerturbationConfig study(Target target) {
        return new PerturbationConfig("study", ScoreMode.ABSOLUTE, RegionScheme.points(),
                PerturbationFunction.additiveNoise(0.2), new Schedule(199, 1, true), List.of(Order.MORF),
                STUDY_AUC_STEPS, RelativeError.defaultFor(target));
    }

    /** The study's procedure with the LeRF and random-order curves added, so ABPC and the gap to random exist. */
    public static PerturbationConfig standard(Target target) {
        return study(target).withOrders(List.of(Order.MORF, Order.LERF, Order.RANDOM)).withPreset("standard");
    }

    /**
     * @param name {@code study} or {@code standard}
     * @throws ConfigurationException for other names
     */
    public static PerturbationConfig preset(String name, Target target) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "study" -> study(target);
            case "standard", "default" -> standard(target);
            default -> throw new ConfigurationException("unknown perturbation preset '" + name + "' (study, standard)");
        };
    }

    /** Option names {@link #withOverrides} accepts, as in {@code heatbench perturb}'s override options. */
    public static final List<String> OVERRIDES = List.of("orders", "regions", "perturbation", "steps", "per_step",
            "cumulative", "score", "auc_steps", "relative_floor");

    /**
     * Applies overrides given as text ({@link #OVERRIDES}): {@code orders} "morf,lerf,random"; {@code regions}
     * "point", "lead_window:w=W", "window:w=W"; {@code perturbation} "noise:k=K", "zero", ...; {@code steps},
     * {@code per_step} integers; {@code cumulative} true/false; {@code score} abs/signed; {@code auc_steps} "5,10";
     * {@code relative_floor} a number in the target's unit.
     *
     * @throws ConfigurationException naming the option when a name is unknown or a value does not parse
     */
    public PerturbationConfig withOverrides(Map<String, String> overrides) {
        return withOverrides(overrides, PerturbationRegistries.discover());
    }

    /**
     * Applies overrides ({@link #withOverrides(Map)}), with perturbation functions and region schemes from
     * {@code registries}.
     */
    public PerturbationConfig withOverrides(Map<String, String> overrides, PerturbationRegistries registries) {
        PerturbationConfig c = this;
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(overrides).entrySet()) {
            String v = e.getValue().trim();
            try {
                c = switch (e.getKey()) {
                    case "orders" -> c.withOrders(Order.parseList(v));
                    case "regions" -> c.withRegions(registries.regionScheme(v));
                    case "perturbation" -> c.withPerturbation(registries.function(v));
                    case "steps" -> c.withSchedule(c.schedule().withSteps(Integer.parseInt(v)));
                    case "per_step" -> c.withSchedule(c.schedule().withRegionsPerStep(Integer.parseInt(v)));
                    case "cumulative" -> c.withSchedule(c.schedule().withCumulative(parseBoolean(v)));
                    case "score" -> c.withScoreMode(ScoreMode.parse(v));
                    case "auc_steps" -> c.withAucSteps(java.util.Arrays.stream(v.split(",")).map(String::trim)
                            .map(Integer::valueOf).toList());
                    case "relative_floor" -> c.withRelativeError(new RelativeError(Double.parseDouble(v)));
                    default -> throw new ConfigurationException("unknown perturbation option '" + e.getKey()
                            + "' (known: " + String.join(", ", OVERRIDES) + ")");
                };
            } catch (NumberFormatException ex) {
                throw new ConfigurationException("perturbation option '" + e.getKey() + "': '" + v
                        + "' is not a number", ex);
            } catch (IllegalArgumentException ex) {
                throw new ConfigurationException("perturbation option '" + e.getKey() + "': " + ex.getMessage(), ex);
            }
        }
        return c;
    }

    private static boolean parseBoolean(String v) {
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException("'" + v + "' is not true or false");
    }

    public PerturbationConfig withPreset(String p) {
        return new PerturbationConfig(p, scoreMode, regions, perturbation, schedule, orders, aucSteps, relativeError);
    }

    public PerturbationConfig withScoreMode(ScoreMode m) {
        return new PerturbationConfig("custom", m, regions, perturbation, schedule, orders, aucSteps, relativeError);
    }

    public PerturbationConfig withRegions(RegionScheme r) {
        return new PerturbationConfig("custom", scoreMode, r, perturbation, schedule, orders, aucSteps, relativeError);
    }

    public PerturbationConfig withPerturbation(PerturbationFunction f) {
        return new PerturbationConfig("custom", scoreMode, regions, f, schedule, orders, aucSteps, relativeError);
    }

    public PerturbationConfig withSchedule(Schedule s) {
        return new PerturbationConfig("custom", scoreMode, regions, perturbation, s, orders, aucSteps, relativeError);
    }

    public PerturbationConfig withOrders(List<Order> o) {
        return new PerturbationConfig("custom", scoreMode, regions, perturbation, schedule, o, aucSteps, relativeError);
    }

    public PerturbationConfig withAucSteps(List<Integer> a) {
        return new PerturbationConfig("custom", scoreMode, regions, perturbation, schedule, orders, a, relativeError);
    }

    public PerturbationConfig withRelativeError(RelativeError e) {
        return new PerturbationConfig("custom", scoreMode, regions, perturbation, schedule, orders, aucSteps, e);
    }

    /** @return the AUC@n steps that fit the schedule ({@code n ≤ steps}) */
    public List<Integer> reportedAucSteps() {
        return aucSteps.stream().filter(n -> n <= schedule.steps()).toList();
    }

    /** @return whether {@code o} is run */
    public boolean runs(Order o) {
        return orders.contains(o);
    }

    /**
     * Checks the schedule fits records of the given shape.
     *
     * @throws ConfigurationException when steps × regions per step exceed the record's regions
     */
    public void requireFits(int leads, int samples) {
        schedule.requireFits(regions.count(leads, samples), "a record of " + leads + " leads x " + samples
                + " samples cut into '" + regions.canonical() + "' regions");
    }

    /** @return every parameter by name, in a fixed order (for provenance) */
    public Map<String, String> parameters() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("preset", preset);
        m.put("score", scoreMode.key());
        m.put("regions", regions.canonical());
        m.put("perturbation", perturbation.canonical());
        m.put("steps", Integer.toString(schedule.steps()));
        m.put("regions_per_step", Integer.toString(schedule.regionsPerStep()));
        m.put("cumulative", Boolean.toString(schedule.cumulative()));
        m.put("orders", keys(orders));
        m.put("auc_steps", aucSteps.stream().map(String::valueOf).collect(Collectors.joining(",")));
        m.put("relative_error_floor", Double.toString(relativeError.floor()));
        return m;
    }

    /** @return {@code key=value;...} of {@link #parameters()} */
    public String canonical() {
        List<String> parts = new ArrayList<>();
        parameters().forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(";", parts);
    }

    private static String keys(List<Order> orders) {
        return orders.stream().map(Order::key).collect(Collectors.joining(","));
    }

    @Override
    public String toString() {
        return canonical();
    }
}
