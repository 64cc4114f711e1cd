package org.sysplug.platform;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.RandomAccess;

/**
 * An immutable list of devices in strictly increasing id order, whose versions share structure:
 * {@link #replacing} a few devices copies only the pieces that hold them. A backend that tells
 * listeners of every change of a 32,768-block machine builds one version per change this way,
 * where a copy of the whole list took a third of a millisecond.
 *
 * <p>The devices sit in the leaves of a tree of 32-wide arrays, in order (a persistent vector):
 * a replacement copies the arrays on the way to its device, three of 32 references for 32,768
 * devices, and the new version shares every other array with the old one.
 *
 * @param <T> the kind of device
 */
public final class SortedDevices<T extends Numbered> extends AbstractList<T> implements RandomAccess {

    private static final int BITS = 5;
    private static final int WIDTH = 1 << BITS;
    private static final int MASK = WIDTH - 1;
    private static final SortedDevices<?> EMPTY = new SortedDevices<>(new Object[0], 0, 0);

    /**
     * The tree: {@code levels} levels of arrays of arrays above arrays of devices (the root itself
     * holds devices when {@code levels} is 0). Never changed once the list exists: versions share it.
     */
    private final Object[] root;
    private final int levels;
    private final int size;

    private SortedDevices(Object[] root, int levels, int size) {
        this.root = root;
        this.levels = levels;
        this.size = size;
    }

    /** The empty list. */
    @SuppressWarnings("unchecked")
    public static <T extends Numbered> SortedDevices<T> of() {
        return (SortedDevices<T>) EMPTY;
    }

    /**
     * The devices as a list of this kind: {@code devices} itself when it is one, else a copy.
     *
     * @throws IllegalArgumentException if the ids do not increase strictly (a duplicate or a device out of order)
     * @throws NullPointerException if a device is null
     */
    @SuppressWarnings("unchecked")
    public static <T extends Numbered> SortedDevices<T> copyOf(Collection<? extends T> devices) {
        if (devices instanceof SortedDevices<?> sorted) {
            return (SortedDevices<T>) sorted;
        }
        Object[] all = devices.toArray();
        for (int i = 0; i < all.length; i++) {
            Objects.requireNonNull(all[i], "device");
            if (i > 0 && ((Numbered) all[i - 1]).id() >= ((Numbered) all[i]).id()) {
                throw new IllegalArgumentException("devices must be sorted by id, each once: "
                        + describe(all[i - 1]) + " comes before " + describe(all[i]));
            }
        }
        if (all.length == 0) {
            return of();
        }
        // leaves of 32 devices, then arrays of 32 arrays until one array holds them all
        Object[] level = chunks(all);
        int levels = 0;
        while (level.length > 1) {
            level = chunks(level);
            levels++;
        }
        return new SortedDevices<>((Object[]) level[0], levels, all.length);
    }

    /** {@code items} cut into arrays of {@value #WIDTH} (the last may be shorter). */
    private static Object[] chunks(Object[] items) {
        Object[] out = new Object[(items.length + WIDTH - 1) / WIDTH];
        for (int c = 0; c < out.length; c++) {
            out[c] = Arrays.copyOfRange(items, c * WIDTH, Math.min(items.length, (c + 1) * WIDTH));
        }
        return out;
    }

    private static String describe(Object device) {
        return device.getClass().getSimpleName() + " " + ((Numbered) device).id();
    }

    @Override
    @SuppressWarnings("unchecked")
    public T get(int index) {
        Objects.checkIndex(index, size);
        Object[] node = root;
        for (int level = levels; level > 0; level--) {
            node = (Object[]) node[(index >>> (level * BITS)) & MASK];
        }
        return (T) node[index & MASK];
    }

    @Override
    public int size() {
        return size;
    }

    /** The position of the device with this id (a binary search), or -1 when there is none. */
    public int position(int id) {
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int found = get(mid).id();
            if (found < id) {
                low = mid + 1;
            } else if (found > id) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** The device with this id. */
    public Optional<T> find(int id) {
        int at = position(id);
        return at < 0 ? Optional.empty() : Optional.of(get(at));
    }

    /**
     * This list with each of {@code changed} in place of the device with its id; this list stays as it
     * was, and the new one shares every chunk that holds none of them.
     *
     * @throws IllegalArgumentException if a changed device's id is not in this list (adding and
     *         removing devices is {@link #copyOf} of the new set)
     */
    public SortedDevices<T> replacing(Collection<? extends T> changed) {
        if (changed.isEmpty()) {
            return this;
        }
        Object[] copy = root.clone();
        for (T device : changed) {
            int at = position(Objects.requireNonNull(device, "device").id());
            if (at < 0) {
                throw new IllegalArgumentException(describe(device) + " is not in the list: only devices it holds can be replaced");
            }
            // down the new tree beside the old one: an array still shared with the old tree is
            // copied the first time a device below it changes, and only then
            Object[] node = copy;
            Object[] old = root;
            for (int level = levels; level > 0; level--) {
                int k = (at >>> (level * BITS)) & MASK;
                Object[] oldChild = (Object[]) old[k];
                if (node[k] == oldChild) {
                    node[k] = oldChild.clone();
                }
                node = (Object[]) node[k];
                old = oldChild;
            }
            node[at & MASK] = device;
        }
        return new SortedDevices<>(copy, levels, size);
    }

    /** {@link #replacing(Collection)} one device. */
    public SortedDevices<T> replacing(T changed) {
        return replacing(List.of(changed));
    }
}
