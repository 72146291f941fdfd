package dev.skiff.kubernetes.model;

import dev.skiff.api.TriggerFilter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What a trigger's filters ask, as Knative's older {@code filter.attributes} map can say it. */
public final class TriggerFilters {

    private TriggerFilters() {}

    /**
     * The attributes {@code filters} require to equal a value, when that is all they ask; null when
     * one asks a prefix or suffix, or two ask one attribute for different values.
     */
    public static Map<String, String> exactOnly(List<TriggerFilter> filters) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (TriggerFilter f : filters) {
            if (f == null || f.exact() == null || !isEmpty(f.prefix()) || !isEmpty(f.suffix())) {
                return null;
            }
            for (Map.Entry<String, String> e : f.exact().entrySet()) {
                String before = attributes.putIfAbsent(e.getKey(), e.getValue());
                if (before != null && !Objects.equals(before, e.getValue())) {
                    return null;
                }
            }
        }
        return attributes;
    }

    private static boolean isEmpty(Map<String, String> map) {
        return map == null || map.isEmpty();
    }
}
