using Kompeten.Web.Infrastructure;

namespace Kompeten.Tests.Infrastructure;

public class WhatsAppTests
{
    [Theory]
    [InlineData("0812-3456-7890", "6281234567890")]
    [InlineData("+62 812 3456 7890", "6281234567890")]
    [InlineData("812 3456 7890", "6281234567890")]
    [InlineData("(0511) 123456", null)]
    [InlineData("", null)]
    public void Indonesian_mobile_numbers_become_wa_me_numbers(string phone, string? expected) => WhatsApp.Number(phone).ShouldBe(expected);

    [Fact]
    public void A_prepared_message_is_escaped() =>
        WhatsApp.Link("0812 1111 2222", "Undangan Bimtek & jadwal")!.ShouldBe("https://wa.me/6281211112222?text=Undangan%20Bimtek%20%26%20jadwal");
}
