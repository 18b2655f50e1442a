namespace Shop.Abstractions.Plugins;

/// <summary>
/// Addition to nopCommerce, optional for an <see cref="IPlugin"/> that keeps business records (payments, journals, refunds) which must
/// outlive an uninstall: the store's uninstall confirmation says what is kept and lets the admin choose to delete
/// it. Plugins without it are uninstalled with <see cref="IPlugin.UninstallAsync"/> as before.
/// </summary>
public interface IPluginWithData
{
    /// <summary>Resource name of a short description of the records kept, shown on the uninstall confirmation.</summary>
    string DataDescriptionResource { get; }

    /// <summary>Uninstalls; deletes the records only when the admin asked for it.</summary>
    Task UninstallAsync(bool deleteData);
}
