package org.sysplug.framework.shell;

import org.apache.felix.service.command.Converter;
import org.osgi.service.component.annotations.Component;

/**
 * Renders what the sysplug commands return. Gogo asks every Converter service to format a
 * command's result; this one knows the views of {@link Views} and {@link Json}.
 */
@Component(service = Converter.class, property = { Converter.CONVERTER_CLASSES + "=org.sysplug.framework.shell.Views",
        Converter.CONVERTER_CLASSES + "=org.sysplug.framework.Outcome" })
public final class ShellConverter implements Converter {

    @Override
    public Object convert(Class<?> desiredType, Object in) {
        return null;
    }

    @Override
    public CharSequence format(Object target, int level, Converter escape) {
        String text = render(target);
        if (text == null) {
            return null;
        }
        if (level == Converter.INSPECT) {
            return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        }
        // one line, for lists and nested values
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    static String render(Object target) {
        if (target instanceof Json json) {
            return json.text();
        }
        if (target instanceof Views.HandlerTable v) {
            return Render.text(v);
        }
        if (target instanceof Views.RequestTable v) {
            return Render.text(v);
        }
        if (target instanceof Views.RequestDetail v) {
            return Render.text(v);
        }
        if (target instanceof Views.QueueView v) {
            return Render.text(v);
        }
        if (target instanceof Views.TopologyView v) {
            return TopologyRender.text(v);
        }
        if (target instanceof org.sysplug.framework.Outcome o) {
            // any command may return an outcome (sim:insert waits for the request it caused)
            return Render.text(new Views.RequestDetail(o));
        }
        if (target instanceof Views.Message v) {
            return v.text();
        }
        return null;
    }
}
