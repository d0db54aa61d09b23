package org.convscope.tensor.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import org.convscope.tensor.Device;
import org.convscope.tensor.IntTensor;
import org.convscope.tensor.Tensor;

/**
 * A {@link Device} that forwards every call to another one and counts the values that cross
 * between host and device: elements returned by {@code read(...)} and elements given to
 * {@code write(...)} (float and int tensors alike). Reductions that return a scalar are not
 * transfers of tensors and are not counted.
 *
 * <p>It is a {@link Proxy} over the interface, so a new op needs nothing here. Tensors it
 * allocates belong to it (their {@link Tensor#device()} is the proxy, so {@link Tensor#toArray()}
 * and {@code t.device()} calls are counted too); on the way to the real device their storage is
 * re-wrapped as tensors of that device.
 */
public final class CountingDevice implements InvocationHandler {
    private final Device target;
    private final Device proxy;
    private long read;
    private long written;
    private long readCalls;
    private long writeCalls;

    private CountingDevice(Device target) {
        this.target = target;
        this.proxy = (Device) Proxy.newProxyInstance(Device.class.getClassLoader(), new Class<?>[] {Device.class}, this);
    }

    /** A counting device in front of {@code target}. */
    public static CountingDevice over(Device target) {
        return new CountingDevice(target);
    }

    /** The device to hand to the code under test. */
    public Device device() {
        return proxy;
    }

    /** Elements read back to the host since the last {@link #reset()}. */
    public synchronized long read() {
        return read;
    }

    /** Elements written from the host since the last {@link #reset()}. */
    public synchronized long written() {
        return written;
    }

    /** {@code read(...)} calls since the last {@link #reset()}. */
    public synchronized long readCalls() {
        return readCalls;
    }

    /** {@code write(...)} calls since the last {@link #reset()}. */
    public synchronized long writeCalls() {
        return writeCalls;
    }

    public synchronized void reset() {
        read = 0;
        written = 0;
        readCalls = 0;
        writeCalls = 0;
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "equals":
                if (method.getParameterCount() == 1 && method.getParameterTypes()[0] == Object.class) {
                    return self == args[0];
                }
                break;
            case "hashCode":
                if (method.getParameterCount() == 0) {
                    return System.identityHashCode(self);
                }
                break;
            case "toString":
                if (method.getParameterCount() == 0) {
                    return "counting " + target;
                }
                break;
            default:
                break;
        }
        Object[] real = args == null ? null : new Object[args.length];
        if (args != null) {
            for (int i = 0; i < args.length; i++) {
                real[i] = toTarget(args[i]);
            }
        }
        count(method.getName(), args);
        Object result;
        try {
            result = method.invoke(target, real);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (result instanceof Tensor t && t.device() == target) {
            return new Tensor(proxy, t.shape(), t.storage());
        }
        if (result instanceof IntTensor t && t.device() == target) {
            return new IntTensor(proxy, t.shape(), t.storage());
        }
        return result;
    }

    private synchronized void count(String name, Object[] args) {
        if (name.equals("read") && args.length == 1) {
            readCalls++;
            read += args[0] instanceof Tensor t ? t.size() : ((IntTensor) args[0]).size();
        } else if (name.equals("write") && args.length == 2) {
            writeCalls++;
            written += args[1] instanceof float[] f ? f.length : ((int[]) args[1]).length;
        } else if (name.equals("adopt")) {
            // the CPU keeps the array, an accelerator writes it: counted as the write it is there
            writeCalls++;
            written += ((float[]) args[0]).length;
        }
    }

    /** A tensor of the proxy as a tensor of the real device (same storage); anything else unchanged. */
    private Object toTarget(Object a) {
        if (a instanceof Tensor t && t.device() == proxy) {
            return new Tensor(target, t.shape(), t.storage());
        }
        if (a instanceof IntTensor t && t.device() == proxy) {
            return new IntTensor(target, t.shape(), t.storage());
        }
        if (a instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(toTarget(o));
            }
            return out;
        }
        return a;
    }
}
