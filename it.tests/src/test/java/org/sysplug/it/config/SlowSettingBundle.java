package org.sysplug.it.config;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.osgi.framework.Constants;
import org.sysplug.it.support.HandlerBundles;

/**
 * The jar of a bundle with one Declarative Services component, {@link SlowSetting}, configured by
 * PID {@value #PID} and described by Metatype (key {@code mode}, default {@value #DEFAULT}), as a
 * third party's module would ship a setting. Its descriptors are written here rather than
 * generated, so the bundle needs no build of its own.
 */
public final class SlowSettingBundle {

    public static final String SYMBOLIC_NAME = "org.sysplug.it.slowsetting";
    public static final String PID = "org.sysplug.it.slow";
    public static final String DEFAULT = "first";
    /** The service property that finds the component's service. */
    public static final String FILTER = "(sysplug.it.component=slow-setting)";

    private static final String COMPONENT = """
            <?xml version="1.0" encoding="UTF-8"?>
            <scr:component xmlns:scr="http://www.osgi.org/xmlns/scr/v1.4.0" name="org.sysplug.it.slow"
                configuration-pid="%s" activate="activate" modified="modified" immediate="true">
              <implementation class="%s"/>
              <service><provide interface="java.util.function.Supplier"/></service>
              <property name="mode" value="%s"/>
              <property name="sysplug.it.component" value="slow-setting"/>
            </scr:component>
            """.formatted(PID, SlowSetting.class.getName(), DEFAULT);

    private static final String METATYPE = """
            <?xml version="1.0" encoding="UTF-8"?>
            <metatype:MetaData xmlns:metatype="http://www.osgi.org/xmlns/metatype/v1.4.0">
              <OCD id="%1$s" name="A slow setting">
                <AD id="mode" type="String" default="%2$s" name="mode" description="what the component does">
                  <Option label="first" value="first"/>
                  <Option label="second" value="second"/>
                </AD>
              </OCD>
              <Designate pid="%1$s"><Object ocdref="%1$s"/></Designate>
            </metatype:MetaData>
            """.formatted(PID, DEFAULT);

    private SlowSettingBundle() {
    }

    public static InputStream jar() {
        return HandlerBundles.jar(bundle -> bundle
                .setHeader(Constants.BUNDLE_SYMBOLICNAME, SYMBOLIC_NAME)
                .setHeader("Service-Component", "OSGI-INF/slow.xml")
                .addResource("OSGI-INF/slow.xml", text(COMPONENT))
                .addResource("OSGI-INF/metatype/slow.xml", text(METATYPE))
                .addClass(SlowSetting.class));
    }

    private static InputStream text(String content) {
        return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
    }
}
