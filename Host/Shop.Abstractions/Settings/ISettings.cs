namespace Shop.Abstractions.Settings;

/// <summary>
/// Marks a plain class of settings. Its public read/write properties are stored as
/// "<c>classname.propertyname</c>" keys (lower case), per store, with store 0 the shared value.
/// </summary>
public interface ISettings;
