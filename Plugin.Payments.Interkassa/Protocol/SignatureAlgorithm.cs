namespace Plugin.Payments.Interkassa.Protocol;

/// <summary>The two hash algorithms a checkout's Security tab offers; no other exists.</summary>
public enum SignatureAlgorithm
{
    Md5,
    Sha256,
}
