using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plugin.Payments.Interkassa.Tests.Infrastructure;
using Shop.Abstractions.Domain;
using Shop.Web.Data;

namespace Plugin.Payments.Interkassa.Tests.EndToEnd;

/// <summary>
/// With <c>DataProtection:CertificatePath</c> set, the Data Protection key ring in the database is itself encrypted,
/// and the plugin's secrets (encrypted with that ring) still work for payments.
/// </summary>
[Category(TestCategories.Database)]
public sealed class KeyRingCertificateTests
{
    [Test]
    public async Task An_encrypted_key_ring_still_lets_the_plugin_verify_payments()
    {
        var folder = Directory.CreateTempSubdirectory("shop-keyring-").FullName;
        try
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest("CN=Shop Data Protection (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            var path = Path.Combine(folder, "dataprotection.pfx");
            await File.WriteAllBytesAsync(path, certificate.Export(X509ContentType.Pfx, "test-pfx-password"));

            await using var store = await InterkassaStore.StartAsync(postgres: false, new ShopFactoryOptions
            {
                Settings = new Dictionary<string, string?>
                {
                    ["DataProtection:CertificatePath"] = path,
                    ["DataProtection:CertificatePassword"] = "test-pfx-password",
                },
            });
            using var buyer = store.Shop.CreateBrowser();
            var purchase = await store.CheckoutAsync(buyer);
            await store.PayAsync(buyer, purchase);

            var keys = await store.Shop.WithScopeAsync(services =>
                services.GetRequiredService<ShopDbContext>().DataProtectionKeys.AsNoTracking().Select(k => k.Xml).ToListAsync());
            Assert.Multiple(async () =>
            {
                Assert.That((await store.ReloadAsync(purchase.Order)).PaymentStatus, Is.EqualTo(PaymentStatus.Paid));
                Assert.That(keys, Is.Not.Empty);
                Assert.That(keys, Has.All.Contains("encryptedSecret"), "every stored key is encrypted with the certificate");
                Assert.That(keys, Has.None.Contains("<value>"), "no key material in plain text");
            });
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
